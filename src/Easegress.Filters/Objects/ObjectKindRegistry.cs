using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Easegress.Filters;
using Easegress.Specs;

namespace Easegress.Objects;

/// <summary>Every object kind by name, and the checks every object's envelope gets.</summary>
public sealed partial class ObjectKindRegistry
{
    private readonly Dictionary<string, ObjectKind> _kinds;

    /// <summary>Registers each kind once; refuses an empty name, a name or alias two kinds share, an unknown category and
    /// a controller kind that is neither a business nor a system controller (<see cref="KindRegistrationException"/>), so
    /// that a mistake stops the node at start.</summary>
    public ObjectKindRegistry(IEnumerable<ObjectKind> kinds, TrafficEnvironmentShape shape)
    {
        _kinds = new Dictionary<string, ObjectKind>(StringComparer.Ordinal);
        var names = new Dictionary<string, ObjectKind>(StringComparer.OrdinalIgnoreCase);   // names and aliases
        foreach (var kind in kinds)
        {
            if (string.IsNullOrWhiteSpace(kind.Name)) throw new KindRegistrationException($"object kind {kind.GetType().Name} has an empty name");
            if (!ObjectCategories.All.Contains(kind.Category))
                throw new KindRegistrationException($"object kind {kind.Name} has unknown category \"{kind.Category}\"");
            if (kind is ControllerKind && kind.Category is not (ObjectCategories.BusinessController or ObjectCategories.SystemController))
                throw new KindRegistrationException($"controller kind {kind.Name} has category \"{kind.Category}\": a controller is a {ObjectCategories.BusinessController} or a {ObjectCategories.SystemController}");
            foreach (var name in kind.Aliases.Prepend(kind.Name))
            {
                if (string.IsNullOrWhiteSpace(name)) throw new KindRegistrationException($"object kind {kind.Name} has an empty alias");
                if (names.TryGetValue(name, out var other) && !ReferenceEquals(other, kind))
                    throw new KindRegistrationException($"object kinds {other.Name} and {kind.Name} both answer to \"{name}\"");
                names[name] = kind;
            }
            _kinds.Add(kind.Name, kind);
        }
        Shape = shape;
    }

    public TrafficEnvironmentShape Shape { get; }

    public IEnumerable<ObjectKind> Kinds => _kinds.Values.OrderBy(k => k.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out ObjectKind kind) => _kinds.TryGetValue(name, out kind!);

    /// <summary>Checks an object document completely; throws <see cref="SpecException"/> naming the field.</summary>
    public ValidatedObject Validate(JsonObject document)
    {
        var name = RequiredString(document, "name");
        if (name.Length > 253 || !NamePattern().IsMatch(name))
            throw new SpecException("name", $"\"{name}\" is not a valid name: start with a letter or digit, then letters, digits, '-', '_', '.' and '~' (at most 253)");
        var kindName = RequiredString(document, "kind");
        if (!_kinds.TryGetValue(kindName, out var kind))
            throw new SpecException("kind", $"unknown kind \"{kindName}\" (known: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))})");
        return new ValidatedObject(name, kind, document, kind.Validate(document, Shape));
    }

    private static string RequiredString(JsonObject document, string field) =>
        document[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0
            ? v.GetValue<string>()
            : throw new SpecException(field, document[field] is null ? "is required" : "must be a non-empty string");

    /// <summary>Easegress's "urlname" characters, starting with a letter or digit (docs/admin-api.md): <c>.</c>,
    /// <c>..</c> or <c>.hidden</c> would be read as path segments in <c>/objects/{name}</c>, and could then be neither
    /// read nor deleted.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9\-_.~]*$")]
    private static partial Regex NamePattern();
}

/// <summary>An object that passed validation: its document as written and its bound spec.</summary>
public sealed record ValidatedObject(string Name, ObjectKind Kind, JsonObject Document, object Spec);
