using Google.Protobuf;

namespace Easegress.Actors.Serialization;

/// <summary>How one type is written: its manifest and its fields.</summary>
public abstract class Format(Type type, string manifest)
{
    public Type Type { get; } = type;

    /// <summary>Stored beside the bytes and sent with them: never change it once released. A change that old readers
    /// cannot skip gets a new manifest (".v2") and a reader for the old one stays.</summary>
    public string Manifest { get; } = manifest;

    public abstract void Write(object value, CodedOutputStream output);
    public abstract object Read(CodedInputStream input);
}

public sealed class Format<T>(string manifest, Action<T, CodedOutputStream> write, Func<FieldReader, T> read)
    : Format(typeof(T), manifest) where T : notnull
{
    public override void Write(object value, CodedOutputStream output) => write((T)value, output);
    public override object Read(CodedInputStream input) => read(new FieldReader(input));
}
