namespace Easegress.Actors.Serialization;

/// <summary>Every format <see cref="EasegressSerializer"/> writes, by type and by manifest.</summary>
public static class Formats
{
    public static IReadOnlyList<Format> All { get; } =
        [.. ObjectFormats.All, .. LeaderFormats.All, .. ReplicaFormats.All, .. TrafficFormats.All, .. ControllerFormats.All];

    private static readonly Dictionary<Type, Format> ByType = All.ToDictionary(f => f.Type);
    private static readonly Dictionary<string, Format> ByManifest = All.ToDictionary(f => f.Manifest, StringComparer.Ordinal);

    /// <summary>The types bound to <see cref="EasegressSerializer"/>.</summary>
    public static IEnumerable<Type> Types => ByType.Keys;

    public static Format Of(Type type) => ByType.TryGetValue(type, out var format) ? format
        : throw new ArgumentException($"{type} has no Easegress format", nameof(type));

    public static Format? Named(string manifest) => ByManifest.GetValueOrDefault(manifest);
}
