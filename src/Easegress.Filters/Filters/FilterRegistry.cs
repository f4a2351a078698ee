using System.Reflection;

namespace Easegress.Filters.Filters;

/// <summary>Every filter kind, by name. Built from the concrete <see cref="FilterKind"/> types in this assembly.</summary>
public sealed class FilterRegistry
{
    private readonly Dictionary<string, FilterKind> _kinds;

    public FilterRegistry(IEnumerable<FilterKind> kinds) =>
        _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static FilterRegistry Default { get; } = new(
        typeof(FilterKind).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(FilterKind).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (FilterKind)Activator.CreateInstance(t)!));

    public IEnumerable<FilterKind> Kinds => _kinds.Values.OrderBy(k => k.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out FilterKind kind) => _kinds.TryGetValue(name, out kind!);
}
