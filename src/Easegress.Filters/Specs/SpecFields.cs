using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Easegress.Specs;

/// <summary>One field of a spec class as YAML and JSON name it.</summary>
/// <param name="Name">The key: the camel-case property name, or what <see cref="SpecFieldAttribute"/> says.</param>
/// <param name="MaxDuration">The longest duration a duration field takes: <see cref="SpecField.Day"/>, or
/// <see cref="SpecField.Year"/> with <see cref="LongDurationAttribute"/>.</param>
/// <param name="HeaderValues">The field sets headers (<see cref="HeaderValueAttribute"/>).</param>
public sealed record SpecField(string Name, PropertyInfo Property, bool Required, TimeSpan MaxDuration, bool HeaderValues)
{
    /// <summary>Longer than any timeout, delay or period a node runs; far below what .NET's timers (about 49 days)
    /// and Kestrel's limits (which overflow near <see cref="TimeSpan.MaxValue"/>) take.</summary>
    public static readonly TimeSpan Day = TimeSpan.FromHours(24);
    public static readonly TimeSpan Year = TimeSpan.FromHours(8760);
}

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
                p.GetCustomAttribute<RequiredFieldAttribute>() is not null,
                p.GetCustomAttribute<LongDurationAttribute>() is not null ? SpecField.Year : SpecField.Day,
                p.GetCustomAttribute<HeaderValueAttribute>() is not null))
            .ToList());

    private static int Depth(Type type)
    {
        var depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType) depth++;
        return depth;
    }
}
