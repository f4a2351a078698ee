namespace Easegress.Filters.Proxy;

public sealed class ProxyKind : FilterKind<ProxySpec>
{
    public const string InternalError = "internalError";
    public const string ClientError = "clientError";
    public const string ServerError = "serverError";
    public const string FailureCode = "failureCode";
    public const string Timeout = "timeout";
    public const string ShortCircuited = "shortCircuited";

    public override string Name => "Proxy";
    public override string Description => "Proxy forwards the request to a backend server chosen from its pools, streaming both ways.";

    /// <summary>Easegress's full list; <c>shortCircuited</c> comes from a pool's open circuit breaker.</summary>
    public override IReadOnlyList<string> Results { get; } =
        [InternalError, ClientError, ServerError, FailureCode, Timeout, ShortCircuited];

    protected override IFilter Create(ProxySpec spec, FilterEnvironment environment) => new ProxyFilter(spec, environment);
}
