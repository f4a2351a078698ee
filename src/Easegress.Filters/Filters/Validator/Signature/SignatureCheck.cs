using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Protocols.Http.Signing;

namespace Easegress.Filters.Validator;

/// <summary>
/// Verifies a request signed the way Easegress (and AWS Signature V4, given its literals) signs: the claim is read
/// and its time and key checked first; only then is the body read (unless it is excluded or streams) and the
/// signature computed.
/// </summary>
internal sealed class SignatureCheck(SignerSpec spec, TimeProvider time) : ICredentialCheck
{
    private readonly Signer _signer = new(spec, spec.Literals);

    public async ValueTask<bool> PassesAsync(RequestContext context)
    {
        var request = context.Request;
        if (_signer.Read(request, time.GetUtcNow()) is not { } claim) return false;
        byte[]? body = null;
        if (!_signer.ExcludeBody && !RequestBody.Streams(request))
            if ((body = await RequestBody.TryReadAsync(context)) is null) return false;
        return _signer.Verify(request, claim, body);
    }

    public void Dispose() { }
}
