using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;

namespace Easegress.Resilience;

/// <summary>
/// The request body kept for retries: read into memory once (within the route's body limit) and put back before every
/// attempt. A body that streams (<c>clientMaxBodySize: -1</c>) cannot be read twice, so such a request gets one attempt.
/// </summary>
internal sealed class ReplayableBody
{
    private readonly byte[] _body;

    private ReplayableBody(byte[] body) => _body = body;

    /// <summary>Null when the body cannot be replayed: it streams, or could not be read (then the request was answered).</summary>
    public static async Task<ReplayableBody?> ReadAsync(RequestContext context)
    {
        if (RequestBody.Streams(context.Request)) return null;
        var body = await RequestBody.TryReadAsync(context).ConfigureAwait(false);
        return body is null ? null : new ReplayableBody(body);
    }

    /// <summary>Puts the whole body back in place for the next attempt.</summary>
    public void Rewind(RequestContext context) => context.Request.Body = new MemoryStream(_body, writable: false);
}
