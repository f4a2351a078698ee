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
