using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Easegress.Filters.Proxy;

/// <summary>
/// A pool's sticky session, as Easegress keeps it. <c>CookieConsistentHash</c>: the application's cookie is hashed
/// onto a <see cref="ConsistentHashRing"/> of the available servers (rebuilt when health checks change them).
/// <c>DurationBased</c> and <c>ApplicationBased</c>: the Proxy's own cookie (<c>lbCookieName</c>) names the server —
/// as hex(8 random key bytes + HMAC-SHA256(key, server URL)), Easegress's format — and is set on every response
/// (<c>DurationBased</c>) or on those that set the application's cookie (<c>ApplicationBased</c>), with
/// <c>Expires</c> = now + <c>lbCookieExpire</c> and no other attribute. A request without the cookie, or whose
/// server is gone or unhealthy, goes to the pool's load-balance policy.
/// </summary>
internal sealed class StickySession(StickySessionSpec spec, TimeProvider time)
{
    private const int KeyLength = 8;
    private const int SignedLength = KeyLength + HMACSHA256.HashSizeInBytes;

    private readonly string _cookieName = spec.CookieName;
    private readonly TimeSpan _lifetime = spec.CookieLifetime;
    private volatile RingOf? _ring;

    public string Mode { get; } = spec.Mode;

    /// <summary>The sticky server of this request among <paramref name="available"/>, or null to balance as usual.</summary>
    public BackendServer? Choose(HttpRequest request, ServerSnapshot available)
    {
        if (Mode == StickySessionSpec.CookieConsistentHash)
            return request.Cookies[spec.AppCookieName!] is { } value ? RingFor(available).Locate(value) : null;
        return request.Cookies[_cookieName] is { } signed ? Verify(signed, available.Servers) : null;
    }

    /// <summary>What to add to <paramref name="server"/>'s responses; null when this mode sets no cookie.</summary>
    public ServerCookie? CookieFor(string serverUrl) =>
        Mode == StickySessionSpec.CookieConsistentHash ? null : new ServerCookie(this, Encoding.UTF8.GetBytes(serverUrl));

    /// <summary>Adds the Proxy's cookie to a response from the server whose URL is <paramref name="serverUrl"/>.</summary>
    internal void Stick(ReadOnlySpan<byte> serverUrl, IHeaderDictionary responseHeaders)
    {
        if (Mode == StickySessionSpec.ApplicationBased && !SetsCookie(responseHeaders, spec.AppCookieName!)) return;
        var expires = time.GetUtcNow().Add(_lifetime).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        responseHeaders.Append(HeaderNames.SetCookie, $"{_cookieName}={Sign(serverUrl)}; Expires={expires}");
    }

    private static string Sign(ReadOnlySpan<byte> serverUrl)
    {
        Span<byte> signed = stackalloc byte[SignedLength];
        RandomNumberGenerator.Fill(signed[..KeyLength]);
        HMACSHA256.HashData(signed[..KeyLength], serverUrl, signed[KeyLength..]);
        return Convert.ToHexStringLower(signed);
    }

    private static BackendServer? Verify(string cookie, BackendServer[] servers)
    {
        if (cookie.Length != SignedLength * 2) return null;
        Span<byte> signed = stackalloc byte[SignedLength];
        if (Convert.FromHexString(cookie, signed, out _, out var written) != System.Buffers.OperationStatus.Done || written != SignedLength)
            return null;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var server in servers)
        {
            HMACSHA256.HashData(signed[..KeyLength], server.UrlBytes, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, signed[KeyLength..])) return server;
        }
        return null;
    }

    /// <summary>Whether a Set-Cookie header of the response sets the cookie <paramref name="name"/>.</summary>
    private static bool SetsCookie(IHeaderDictionary headers, string name)
    {
        foreach (var setCookie in headers[HeaderNames.SetCookie])
        {
            if (setCookie is null) continue;
            var equals = setCookie.IndexOf('=');
            if (equals > 0 && setCookie.AsSpan(0, equals).Trim().SequenceEqual(name)) return true;
        }
        return false;
    }

    /// <summary>The ring of the available servers, built again when they change.</summary>
    private ConsistentHashRing RingFor(ServerSnapshot available)
    {
        var current = _ring;
        if (current is not null && ReferenceEquals(current.Servers, available)) return current.Ring;
        current = new RingOf(available, new ConsistentHashRing(available.Servers));
        _ring = current;
        return current.Ring;
    }

    private sealed record RingOf(ServerSnapshot Servers, ConsistentHashRing Ring);
}

/// <summary>The Proxy's sticky-session cookie for the responses of one server.</summary>
internal sealed class ServerCookie(StickySession session, byte[] serverUrl)
{
    public void AddTo(IHeaderDictionary responseHeaders) => session.Stick(serverUrl, responseHeaders);
}

/// <summary>A balancer that first honours the sticky session, then the pool's policy.</summary>
internal sealed class StickyBalancer(StickySession session, AvailableServers available, ILoadBalancer policy) : ILoadBalancer
{
    public BackendServer? Choose(HttpRequest request) => session.Choose(request, available.Current) ?? policy.Choose(request);
}
