using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.Validator;

/// <summary>
/// The bearer token an OAuth2 check reads, and the headers it leaves for the backend: <c>X-Authenticated-Userid</c>
/// (the token's <c>sub</c>) and <c>X-Authenticated-Scope</c> (its <c>scope</c>), as Easegress sets them. Whatever a
/// client sent under those names is removed first, so a backend can trust them.
/// </summary>
internal static class AuthenticatedUser
{
    public const string UserIdHeader = "X-Authenticated-Userid";
    public const string ScopeHeader = "X-Authenticated-Scope";

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }

    /// <summary>Sets the headers from the <c>sub</c> and <c>scope</c> of <paramref name="claims"/> (a JWT's claims or
    /// an introspection answer).</summary>
    public static void Announce(HttpRequest request, JsonElement claims)
    {
        var subject = Text(claims, "sub");
        var scope = Text(claims, "scope");
        request.Headers.Remove(UserIdHeader);
        request.Headers.Remove(ScopeHeader);
        if (!string.IsNullOrEmpty(subject)) request.Headers[UserIdHeader] = subject;
        if (!string.IsNullOrEmpty(scope)) request.Headers[ScopeHeader] = scope;
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
