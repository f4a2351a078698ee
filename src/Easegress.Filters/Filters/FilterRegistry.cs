using System.Reflection;

namespace Easegress.Filters;

/// <summary>
/// The filter kinds of a node, by name, each registered once. A registry refuses to exist with a kind it could not
/// run correctly: an empty name, two kinds of one name, an empty or repeated result, or a result constant of the
/// kind's class (<c>public const string</c>) missing from its <see cref="FilterKind.Results"/>, so that a mistake in
/// a kind stops the node at start instead of surfacing in a request.
/// </summary>
public sealed class FilterRegistry
{
    private readonly Dictionary<string, FilterKind> _kinds = new(StringComparer.Ordinal);

    public FilterRegistry(IEnumerable<FilterKind> kinds)
    {
        foreach (var kind in kinds)
        {
            Check(kind);
            if (!_kinds.TryAdd(kind.Name, kind))
                throw new KindRegistrationException($"filter kinds {_kinds[kind.Name].GetType().Name} and {kind.GetType().Name} are both named \"{kind.Name}\"");
        }
    }

    public IEnumerable<FilterKind> Kinds => _kinds.Values.OrderBy(k => k.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out FilterKind kind) => _kinds.TryGetValue(name, out kind!);

    private static void Check(FilterKind kind)
    {
        var type = kind.GetType().Name;
        if (string.IsNullOrWhiteSpace(kind.Name)) throw new KindRegistrationException($"filter kind {type} has an empty name");
        var results = new HashSet<string>(StringComparer.Ordinal);
        foreach (var result in kind.Results)
        {
            if (string.IsNullOrEmpty(result)) throw new KindRegistrationException($"filter kind {kind.Name} declares an empty result");
            if (!results.Add(result)) throw new KindRegistrationException($"filter kind {kind.Name} declares result \"{result}\" twice");
        }
        foreach (var field in kind.GetType().GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field is not { IsLiteral: true } || field.FieldType != typeof(string)) continue;
            var value = (string)field.GetRawConstantValue()!;
            if (!results.Contains(value))
                throw new KindRegistrationException($"filter kind {kind.Name} returns result \"{value}\" ({type}.{field.Name}) without declaring it in Results");
        }
    }
}

/// <summary>A kind that cannot be registered as it is; the message names the kind and what is wrong.</summary>
public sealed class KindRegistrationException(string message) : InvalidOperationException(message);
