using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Objects;
using Easegress.Specs;

namespace Easegress.Node.Admin;

/// <summary>
/// <c>createdAt</c> (RFC 3339) as Easegress stamps it: on every create and update whose spec does not carry one,
/// so <c>egctl get</c> can show an age. A spec that gives its own (as <c>egctl edit</c> sends back) keeps it.
/// </summary>
public static class CreationTime
{
    public const string Field = "createdAt";

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);

    /// <summary>Adds <c>createdAt</c> when missing, for kinds whose spec has the field (the common envelope).</summary>
    public static void Stamp(JsonObject document, ObjectKindRegistry kinds, DateTimeOffset now)
    {
        if (document[Field] is not null) return;
        if (document["kind"] is not JsonValue kindName || kindName.GetValueKind() != JsonValueKind.String) return;
        if (!kinds.TryGet(kindName.GetValue<string>(), out var kind) || kind.SpecType is not { } specType) return;
        if (SpecFields.Of(specType).Any(f => f.Name == Field)) document[Field] = Format(now);
    }
}
