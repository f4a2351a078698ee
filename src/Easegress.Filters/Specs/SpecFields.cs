using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Easegress.Specs;

/// <summary>One field of a spec class as YAML and JSON name it.</summary>
/// <param name="Name">The key: the camel-case property name, or what <see cref="SpecFieldAttribute"/> says.</param>
public sealed record SpecField(string Name, PropertyInfo Property, bool Required);

/// <summary>
/// The fields of a spec class, in declaration order with a base class's fields first. The one place that decides
/// how a property is named in a spec, so binding, schemas and templates agree.
/// </summary>
public static class SpecFields
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<SpecField>> ByType = new();

    public static IReadOnlyList<SpecField> Of(Type type) => ByType.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .OrderBy(p => Depth(p.DeclaringType!))
            .ThenBy(p => p.MetadataToken)
            .Select(p => new SpecField(
                p.GetCustomAttribute<SpecFieldAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                p,
                p.GetCustomAttribute<RequiredFieldAttribute>() is not null))
            .ToList());

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType) depth++;
        return depth;
    }
}
