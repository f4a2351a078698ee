namespace Easegress.Filters.RequestAdaptor;

public sealed class RequestAdaptorKind : FilterKind<RequestAdaptorSpec>
{
    public const string DecompressFailed = "decompressFailed";
    public const string CompressFailed = "compressFailed";
    public const string SignFailed = "signFailed";

    public override string Name => "RequestAdaptor";
    public override string Description => "RequestAdaptor adapts the request: method, path, headers, body, host, gzip coding of the body and signing.";

    /// <summary>Easegress's results; <c>signFailed</c> comes with <c>sign</c>.</summary>
    public override IReadOnlyList<string> Results { get; } = [DecompressFailed, CompressFailed, SignFailed];

    /// <summary>It changes the request only, so a Proxy before it keeps streaming.</summary>
    public override bool UsesResponse => false;

    protected override IFilter Create(RequestAdaptorSpec spec, FilterEnvironment environment)
    {
        IFilter adaptor = spec.CodesBody ? new GzipRequestAdaptorFilter(spec) : new RequestAdaptorFilter(spec);
        return spec.Sign is null ? adaptor : new SigningRequestAdaptorFilter(adaptor, spec.Sign, environment.Time);
    }
}
