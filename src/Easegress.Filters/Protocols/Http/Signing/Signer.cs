using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http.Signing;

/// <summary>
/// Easegress's HMAC-SHA256 request signer, which is AWS Signature Version 4 under configurable names. The
/// string to sign is the algorithm, the time, the scope (<c>date/scopes.../suffix</c>) and the SHA-256 of the
/// canonical request; the key is HMAC-chained from <c>prefix + secret</c> through the date, each scope and the suffix.
/// One class for both ends: <see cref="Sign"/> for the RequestAdaptor, <see cref="Read"/> and <see cref="Verify"/>
/// for the Validator.
/// </summary>
internal sealed class Signer
{
    private const string Authorization = "Authorization";

    /// <summary>Headers a signer never signs: the hop-by-hop ones a proxy drops or rewrites, and <c>Expect</c>, which
    /// the proxy's HTTP client handles itself.</summary>
    private static readonly string[] HopByHop = ["Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect"];

    private readonly SignatureLiterals _literals;
    private readonly HashSet<string> _ignored;
    private readonly TimeSpan _ttl;
    private readonly string? _accessKeyId;
    private readonly byte[]? _accessKeySecret;
    private readonly Dictionary<string, string> _accessKeys;

    public Signer(SignerSpec spec, SignatureLiterals literals)
    {
        _literals = literals;
        _ignored = new HashSet<string>([Authorization, "User-Agent", "Host", .. HopByHop, .. spec.IgnoredHeaders ?? []], StringComparer.OrdinalIgnoreCase);
        ExcludeBody = spec.ExcludeBody;
        _ttl = spec.Ttl;
        _accessKeyId = spec.AccessKeyId;
        _accessKeySecret = spec.AccessKeySecret is null ? null : Encoding.UTF8.GetBytes(spec.AccessKeySecret);
        _accessKeys = spec.AccessKeys ?? [];
    }

    /// <summary>The body is not signed: <c>UNSIGNED-PAYLOAD</c> stands for it.</summary>
    public bool ExcludeBody { get; }

    /// <summary>True when the request declares its body's hash itself (the content-SHA-256 header), which a signer
    /// then takes as it is.</summary>
    public bool HasDeclaredBodyHash(HttpRequest request) => request.Headers[_literals.ContentSha256].ToString().Length > 0;

    /// <summary>
    /// Signs <paramref name="request"/> in its headers: sets the date header, the content-SHA-256 header when the
    /// body is excluded, and <c>Authorization: ALGORITHM Credential=ID/SCOPE, SignedHeaders=..., Signature=...</c>.
    /// Every header but Host (signed as <c>host</c>), the ignored and the hop-by-hop ones is signed.
    /// </summary>
    /// <param name="body">The body, or null when it is excluded (streamed, or <c>excludeBody</c>).</param>
    public void Sign(HttpRequest request, byte[]? body, DateTimeOffset now, IReadOnlyList<string> scopes)
    {
        var headers = request.Headers;
        var bodyHash = headers[_literals.ContentSha256].ToString();
        if (bodyHash.Length == 0)
        {
            if (body is null)
            {
                bodyHash = CanonicalRequest.UnsignedPayload;
                headers[_literals.ContentSha256] = bodyHash;
            }
            else bodyHash = CanonicalRequest.Sha256Hex(body);
        }
        var time = CanonicalRequest.Time(now);
        headers[_literals.Date] = time;

        var names = headers.Keys.Where(k => !_ignored.Contains(k)).Select(k => k.ToLowerInvariant()).Append("host").Distinct().ToList();
        names.Sort(StringComparer.Ordinal);
        var signedHeaders = string.Join(';', names);
        var claim = new SignatureClaim(_accessKeyId ?? "", time[..8], [.. scopes], time, signedHeaders, "", Presigned: false);
        var signature = Signature(request, claim, _accessKeySecret ?? [], bodyHash);
        headers[Authorization] = $"{_literals.AlgorithmValue} Credential={claim.AccessKeyId}/{Scope(claim)}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>
    /// Reads the signature a request claims, from its <c>Authorization</c> header or, failing that, its query, and
    /// checks what needs no body: the form (the host among the signed headers), the time (within <c>ttl</c> of now, and a presigned one not past its
    /// expiry) and that the access key is known. Null when any of that fails.
    /// </summary>
    public SignatureClaim? Read(HttpRequest request, DateTimeOffset now)
    {
        var claim = FromHeader(request) ?? FromQuery(request);
        if (claim is null || !CanonicalRequest.TryParseTime(claim.Time, out var time) || !claim.Time.StartsWith(claim.Date, StringComparison.Ordinal))
            return null;
        var age = now - time;
        if (_ttl > TimeSpan.Zero && (age > _ttl || age < -_ttl)) return null;
        if (claim.Presigned && age > claim.Expires) return null;
        return _accessKeys.ContainsKey(claim.AccessKeyId) ? claim : null;
    }

    /// <summary>True when <paramref name="claim"/>'s signature is the request's, with the body hashed as given.</summary>
    /// <param name="body">The body, or null when it is excluded.</param>
    public bool Verify(HttpRequest request, SignatureClaim claim, byte[]? body)
    {
        var bodyHash = body is null ? CanonicalRequest.UnsignedPayload : CanonicalRequest.Sha256Hex(body);
        var expected = Signature(request, claim, Encoding.UTF8.GetBytes(_accessKeys[claim.AccessKeyId]), bodyHash);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(claim.Signature));
    }

    private SignatureClaim? FromHeader(HttpRequest request)
    {
        var header = request.Headers[Authorization].ToString();
        var prefix = _literals.AlgorithmValue + " ";
        if (!header.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = header[prefix.Length..].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3
            || !TryField(parts[0], "Credential=", out var credential)
            || !TryField(parts[1], "SignedHeaders=", out var signedHeaders)
            || !TryField(parts[2], "Signature=", out var signature))
            return null;
        return Claim(credential, request.Headers[_literals.Date].ToString(), signedHeaders, signature, presigned: false, TimeSpan.Zero);
    }

    private SignatureClaim? FromQuery(HttpRequest request)
    {
        var query = request.Query;
        if (query[_literals.AlgorithmName].ToString() != _literals.AlgorithmValue) return null;
        if (!long.TryParse(query[_literals.Expires].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > TimeSpan.MaxValue.TotalSeconds)
            return null;
        return Claim(query[_literals.Credential].ToString(), query[_literals.Date].ToString(), query[_literals.SignedHeaders].ToString(),
            query[_literals.Signature].ToString(), presigned: true, TimeSpan.FromSeconds(expires));
    }

    private SignatureClaim? Claim(string credential, string time, string signedHeaders, string signature, bool presigned, TimeSpan expires)
    {
        // ID/DATE/scope.../SUFFIX
        var parts = credential.Split('/');
        if (parts.Length < 3 || parts[^1] != _literals.ScopeSuffix || parts[0].Length == 0 || parts[1].Length != 8) return null;
        if (signature.Length == 0) return null;
        // AWS requires the host to be signed (so a signature cannot be replayed at another host); so does this.
        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || names.Any(name => name.Length == 0 || name.Any(char.IsUpper))) return null;
        return new SignatureClaim(parts[0], parts[1], parts[2..^1], time, signedHeaders, signature, presigned, expires);
    }

    private static bool TryField(string part, string name, out string value)
    {
        value = part.StartsWith(name, StringComparison.Ordinal) ? part[name.Length..] : "";
        return value.Length > 0;
    }

    private string Scope(SignatureClaim claim) => string.Join('/', [claim.Date, .. claim.Scopes, _literals.ScopeSuffix]);

    private string Signature(HttpRequest request, SignatureClaim claim, byte[] secret, string bodyHash)
    {
        var canonical = string.Join('\n',
            request.Method,
            CanonicalRequest.Uri(request),
            CanonicalRequest.Query(request, claim.Presigned ? _literals.Signature : null),
            CanonicalRequest.Headers(request, claim.SignedHeaders.Split(';')),
            claim.SignedHeaders,
            bodyHash);
        var toSign = string.Join('\n', _literals.AlgorithmValue, claim.Time, Scope(claim), CanonicalRequest.Sha256Hex(Encoding.UTF8.GetBytes(canonical)));

        byte[] start = [.. Encoding.UTF8.GetBytes(_literals.SigningKeyPrefix), .. secret];
        var key = HMACSHA256.HashData(start, Encoding.UTF8.GetBytes(claim.Date));
        foreach (var scope in claim.Scopes) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(scope));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_literals.ScopeSuffix));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }
}

/// <summary>What a signed request claims: who signed it, when, with which scopes, over which headers.</summary>
/// <param name="Date">The date of the credential's scope, <c>yyyyMMdd</c>.</param>
/// <param name="Time">The signing time as written, <c>yyyyMMddTHHmmssZ</c>.</param>
/// <param name="Presigned">True when the signature came in the query (with an expiry).</param>
internal sealed record SignatureClaim(string AccessKeyId, string Date, string[] Scopes, string Time, string SignedHeaders,
    string Signature, bool Presigned, TimeSpan Expires = default);
