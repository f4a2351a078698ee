namespace Easegress.Filters.ResponseAdaptor;

public sealed class ResponseAdaptorKind : FilterKind<ResponseAdaptorSpec>
{
    public const string ResponseNotFound = "responseNotFound";
    public const string CompressFailed = "compressFailed";
    public const string DecompressFailed = "decompressFailed";

    public override string Name => "ResponseAdaptor";
    public override string Description => "ResponseAdaptor adapts the response: headers, body and gzip coding of the body.";
    public override IReadOnlyList<string> Results { get; } = [ResponseNotFound, CompressFailed, DecompressFailed];

    protected override IFilter Create(ResponseAdaptorSpec spec, FilterEnvironment environment) =>
        spec.CodesBody ? new GzipResponseAdaptorFilter(spec) : new ResponseAdaptorFilter(spec);
}
