using Easegress.Filters.Filters;

namespace Easegress.Filters.RequestAdaptor;

public sealed class RequestAdaptorKind : FilterKind<RequestAdaptorSpec>
{
    public override string Name => "RequestAdaptor";
    public override string Description => "RequestAdaptor adapts the request: method, path, headers, body and host.";

    /// <summary>The fields built so far (method, host, path, header, body) cannot fail.</summary>
    public override IReadOnlyList<string> Results { get; } = [];

    /// <summary>It changes the request only, so a Proxy before it keeps streaming.</summary>
    public override bool UsesResponse => false;

    protected override IFilter Create(RequestAdaptorSpec spec, FilterEnvironment environment) => new RequestAdaptorFilter(spec);
}
