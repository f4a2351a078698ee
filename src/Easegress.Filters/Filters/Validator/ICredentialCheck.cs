using Easegress.Protocols.Http;

namespace Easegress.Filters.Validator;

/// <summary>A Validator method that may wait: it reads the body, or asks another server.</summary>
internal interface ICredentialCheck : IDisposable
{
    /// <summary>True when the request's credentials pass. On false the Validator answers 401, unless the check
    /// already answered (a body over the size limit gets its 413).</summary>
    ValueTask<bool> PassesAsync(RequestContext context);
}
