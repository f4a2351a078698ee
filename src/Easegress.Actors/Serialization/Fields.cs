using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static Google.Protobuf.WireFormat;

namespace Easegress.Actors.Serialization;

/// <summary>Writes numbered fields in the protobuf wire format. A null value is left out (it reads back as null);
/// every other value is written, defaults included.</summary>
public static class FieldWriter
{
    public static void Text(this CodedOutputStream output, int field, string? value)
    {
        if (value is null) return;
        output.WriteTag(field, WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void Texts(this CodedOutputStream output, int field, IEnumerable<string> values)
    {
        foreach (var value in values) output.Text(field, value);
    }

    public static void Number(this CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireType.Varint);
        output.WriteInt64(value);
    }

    public static void Flag(this CodedOutputStream output, int field, bool value)
    {
        output.WriteTag(field, WireType.Varint);
        output.WriteBool(value);
    }

    /// <summary>An instant as a <c>google.protobuf.Timestamp</c> (seconds and nanoseconds since the Unix epoch, UTC).</summary>
    public static void Time(this CodedOutputStream output, int field, DateTimeOffset value)
    {
        output.WriteTag(field, WireType.LengthDelimited);
        output.WriteMessage(Timestamp.FromDateTimeOffset(value));
    }
}

/// <summary>
/// Walks the fields of one message. A reader takes the fields it knows, by number and wire type, and
/// <see cref="Skip"/>s every other one: fields a newer version added, or a known number with an unexpected wire type.
/// Fields left out read as the reader's defaults.
/// </summary>
public sealed class FieldReader(CodedInputStream input)
{
    private uint _tag;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next()
    {
        _tag = input.ReadTag();
        return _tag != 0;
    }

    public int Number => GetTagFieldNumber(_tag);
    public bool IsLength => GetTagWireType(_tag) == WireType.LengthDelimited;
    public bool IsVarint => GetTagWireType(_tag) == WireType.Varint;

    public string Text() => input.ReadString();
    public long Int64() => input.ReadInt64();
    public int Int32() => input.ReadInt32();
    public bool Flag() => input.ReadBool();

    public DateTimeOffset Time()
    {
        var timestamp = new Timestamp();
        input.ReadMessage(timestamp);
        return timestamp.ToDateTimeOffset();
    }

    public void Skip() => input.SkipLastField();
}
