using Easegress.Protocols.Http;

namespace Easegress.Filters.Validator;

/// <summary>A Validator whose checks cost real CPU (RSA or ECDSA signatures) runs in an asynchronous stage, off the
/// stream's thread, so a burst of tokens never holds up the requests behind it.</summary>
internal sealed class OffThreadValidator(ValidatorFilter inner) : IAsyncFilter<RequestContext>
{
    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        await Task.Yield();
        return inner.Handle(context);
    }

    public void Dispose() => inner.Dispose();
}
