namespace Easegress.Specs;

/// <summary>Names a spec field whose YAML key is not the camel-case form of the property name.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SpecFieldAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The field must be present (and not null).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;

/// <summary>A duration that is an age, not a timer (a cookie's, a cache entry's, a signature's): up to a year instead
/// of a day.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LongDurationAttribute : Attribute;

/// <summary>A header value a filter sets (a string, or a mapping of header names to values): refused when it holds a
/// control character (CR, LF, NUL, ...), which no client library sends and which would fail every request.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HeaderValueAttribute : Attribute;
