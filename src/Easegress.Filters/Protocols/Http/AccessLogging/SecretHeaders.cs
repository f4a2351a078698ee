using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http.AccessLogging;

/// <summary>Copies headers for the access log with the values of credentials masked.</summary>
public static class SecretHeaders
{
    public const string Mask = "***";

    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
    };

    public static bool IsSecret(string name) => Secret.Contains(name);

    public static KeyValuePair<string, string>[] Copy(IHeaderDictionary headers)
    {
        var copy = new KeyValuePair<string, string>[headers.Count];
        var i = 0;
        foreach (var (name, values) in headers)
            copy[i++] = new(name, IsSecret(name) ? Mask : string.Join(' ', values.ToArray()));
        return copy;
    }
}
