namespace Easegress.Filters.HeaderToJSON;

public sealed class HeaderToJSONKind : FilterKind<HeaderToJSONSpec>
{
    public const string JsonEncodeDecodeErr = "jsonEncodeDecodeErr";
    public const string BodyReadErr = "bodyReadErr";

    public override string Name => "HeaderToJSON";
    public override string Description => "HeaderToJSON puts request header values into the request's JSON body.";
    public override IReadOnlyList<string> Results { get; } = [JsonEncodeDecodeErr, BodyReadErr];

    /// <summary>It changes the request only, so a Proxy before it keeps streaming.</summary>
    public override bool UsesResponse => false;

    protected override IFilter Create(HeaderToJSONSpec spec, FilterEnvironment environment) => new HeaderToJSONFilter(spec);
}
