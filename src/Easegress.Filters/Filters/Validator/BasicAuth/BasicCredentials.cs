using System.Text;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Validator;

/// <summary>The user name and password of an <c>Authorization: Basic</c> header (RFC 7617): base64 of
/// <c>user:password</c>, split at the first colon, so a password may hold colons.</summary>
internal readonly record struct BasicCredentials(string User, string Password)
{
    public static BasicCredentials? From(HttpRequest request)
    {
        var header = request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value) return null;
        if (!value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        var encoded = value.AsSpan(6).Trim();
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64Chars(encoded, buffer, out var written)) return null;
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written); }
        catch (DecoderFallbackException) { return null; }
        var colon = text.IndexOf(':');
        if (colon <= 0) return null;
        return new BasicCredentials(text[..colon], text[(colon + 1)..]);
    }
}
