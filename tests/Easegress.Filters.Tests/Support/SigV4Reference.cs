using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Easegress.Filters.Tests.Support;

/// <summary>The names a SigV4-style signature travels under (AWS's, or Easegress v2's defaults).</summary>
internal sealed record SigV4Names(string Algorithm, string KeyPrefix, string ScopeSuffix, string Date, string AlgorithmParam,
    string CredentialParam, string ExpiresParam, string SignedHeadersParam, string SignatureParam)
{
    public static readonly SigV4Names Aws = new("AWS4-HMAC-SHA256", "AWS4", "aws4_request", "X-Amz-Date", "X-Amz-Algorithm",
        "X-Amz-Credential", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature");

    public static readonly SigV4Names Easegress = new("HMAC-SHA256", "", "request", "X-Date", "X-Algorithm",
        "X-Credential", "X-Expires", "X-SignedHeaders", "X-Signature");
}

/// <summary>
/// A client-side AWS Signature Version 4 signer written from AWS's specification ("Create a signed AWS API request":
/// canonical request, string to sign, HMAC-chained signing key), sharing no code with the gateway. It signs an
/// <see cref="HttpRequestMessage"/> in the Authorization header or presigns it in the query, and checks the signature
/// of a request a backend received.
/// </summary>
internal sealed class SigV4Reference(SigV4Names names, string accessKeyId, string secret, string region, string service)
{
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>Adds the date header and <c>Authorization</c>; signs host, the date, Content-Type and every other
    /// request header present.</summary>
    /// <param name="signHost">False to leave the host out (which AWS refuses).</param>
    public async Task SignAsync(HttpRequestMessage request, DateTimeOffset now, bool unsignedPayload = false, bool signHost = true)
    {
        var time = Stamp(now);
        request.Headers.Remove(names.Date);
        request.Headers.TryAddWithoutValidation(names.Date, time);
        var headers = SignedHeaders(request).Where(h => signHost || h.Name != "host").ToList();
        var payload = unsignedPayload ? UnsignedPayload : Hex(SHA256.HashData(await BodyAsync(request)));
        var signature = Signature(request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, headers, payload, time);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{names.Algorithm} Credential={accessKeyId}/{Scope(time)}, SignedHeaders={string.Join(';', headers.Select(h => h.Name))}, Signature={signature}");
    }

    /// <summary>Presigns: the algorithm, credential, date, expiry and signed headers (host alone) go into the query,
    /// then the signature.</summary>
    public async Task PresignAsync(HttpRequestMessage request, DateTimeOffset now, TimeSpan expires)
    {
        var time = Stamp(now);
        var uri = request.RequestUri!;
        var added = $"{names.AlgorithmParam}={names.Algorithm}&{names.CredentialParam}={UriEncode($"{accessKeyId}/{Scope(time)}", false)}"
                    + $"&{names.Date}={time}&{names.ExpiresParam}={(long)expires.TotalSeconds}&{names.SignedHeadersParam}=host";
        var query = uri.Query.Length > 1 ? uri.Query + "&" + added : "?" + added;
        List<(string Name, string Value)> headers = [("host", uri.Authority)];
        var signature = Signature(request.Method.Method, uri.AbsolutePath, query, headers, Hex(SHA256.HashData(await BodyAsync(request))), time);
        request.RequestUri = new Uri(uri.GetLeftPart(UriPartial.Path) + query + $"&{names.SignatureParam}={signature}");
    }

    /// <summary>True when the Authorization header of what a backend received carries the right signature.</summary>
    public bool Verifies(ReceivedRequest received)
    {
        var authorization = received.Headers["Authorization"];
        var signedHeaders = Between(authorization, "SignedHeaders=", ",");
        var headers = signedHeaders.Split(';').Select(n => (n, n == "host" ? received.Host : received.Headers[n])).ToList();
        var time = received.Headers[names.Date];
        var payload = received.Headers.TryGetValue(names.Date.Replace("Date", "Content-Sha256"), out var declared) ? declared : Hex(SHA256.HashData(Encoding.UTF8.GetBytes(received.Body)));
        var expected = Signature(received.Method, received.Path, received.Query, headers, payload, time);
        return authorization == $"{names.Algorithm} Credential={accessKeyId}/{Scope(time)}, SignedHeaders={signedHeaders}, Signature={expected}";
    }

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private string Scope(string time) => $"{time[..8]}/{region}/{service}/{names.ScopeSuffix}";

    private static string Stamp(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static async Task<byte[]> BodyAsync(HttpRequestMessage request) =>
        request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();

    private static List<(string Name, string Value)> SignedHeaders(HttpRequestMessage request)
    {
        var headers = new List<(string Name, string Value)> { ("host", request.RequestUri!.Authority) };
        foreach (var (name, values) in request.Headers) headers.Add((name.ToLowerInvariant(), string.Join(',', values.Select(Trim))));
        if (request.Content?.Headers.ContentType is { } type) headers.Add(("content-type", Trim(type.ToString())));
        return headers.OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
    }

    // "Trim leading and trailing spaces, convert sequential spaces to a single space."
    private static string Trim(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Task 1 to 4 of the specification: canonical request, its hash in the string to sign, the derived key,
    /// the signature.</summary>
    /// <param name="path">The path as on the wire (percent-encoded once).</param>
    /// <param name="query">The query as on the wire, with or without its '?'.</param>
    private string Signature(string method, string path, string query, List<(string Name, string Value)> headers, string payloadHash, string time)
    {
        var canonical = new StringBuilder()
            .Append(method).Append('\n')
            .Append(UriEncode(path, keepSlash: true)).Append('\n')   // every service but S3: the path encoded twice
            .Append(CanonicalQuery(query)).Append('\n');
        foreach (var (name, value) in headers) canonical.Append(name).Append(':').Append(value).Append('\n');
        canonical.Append('\n').Append(string.Join(';', headers.Select(h => h.Name))).Append('\n').Append(payloadHash);

        var stringToSign = $"{names.Algorithm}\n{time}\n{Scope(time)}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var kDate = Hmac(Encoding.UTF8.GetBytes(names.KeyPrefix + secret), time[..8]);
        var kRegion = Hmac(kDate, region);
        var kService = Hmac(kRegion, service);
        var kSigning = Hmac(kService, names.ScopeSuffix);
        return Hex(Hmac(kSigning, stringToSign));
    }

    /// <summary>Parameters decoded, then each name and value URI-encoded, sorted by name then value, leaving out the
    /// signature.</summary>
    private string CanonicalQuery(string query)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..]);
            if (name != names.SignatureParam) pairs.Add((UriEncode(name, false), UriEncode(value, false)));
        }
        return string.Join('&', pairs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
    }

    // "URI encode every byte except the unreserved characters: 'A'-'Z', 'a'-'z', '0'-'9', '-', '.', '_', and '~'."
    private static string UriEncode(string text, bool keepSlash)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (keepSlash && c == '/')) result.Append(c);
            else result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
