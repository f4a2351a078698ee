using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Protocols.Http.Signing;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>
/// A RequestAdaptor with <c>sign</c>: the other changes first (<paramref name="adaptor"/>), then the request is
/// signed the way the Validator's <c>signature</c> verifies. The body is read to hash it, unless it is excluded or
/// streams (<c>clientMaxBodySize: -1</c>); then <c>UNSIGNED-PAYLOAD</c> is signed instead. A body that cannot be read
/// gives <c>signFailed</c>.
/// </summary>
internal sealed class SigningRequestAdaptorFilter(IFilter adaptor, RequestSignSpec spec, TimeProvider time) : IAsyncFilter<RequestContext>
{
    private readonly Signer _signer = new(spec, spec.SigningLiterals);
    private readonly string[] _scopes = [.. spec.Scopes ?? []];

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        var result = adaptor switch
        {
            ISyncFilter sync => sync.Handle(context),
            IAsyncFilter async => await async.HandleAsync(context),
            _ => throw new InvalidOperationException($"{adaptor.GetType()} is neither synchronous nor asynchronous"),
        };
        if (result.Length > 0) return result;

        var request = context.Request;
        byte[]? body = null;
        if (!_signer.ExcludeBody && !RequestBody.Streams(request) && !_signer.HasDeclaredBodyHash(request))
            if ((body = await RequestBody.TryReadAsync(context)) is null) return RequestAdaptorKind.SignFailed;
        _signer.Sign(request, body, time.GetUtcNow(), _scopes);
        return "";
    }

    public void Dispose() => adaptor.Dispose();
}
