namespace Easegress.Ctl;

/// <summary>The admin API address given with <c>--server</c>: <c>HOST:PORT</c> or <c>http(s)://HOST:PORT</c>.</summary>
internal static class ServerAddress
{
    public const string Default = "localhost:2381";

    /// <summary>Turns the flag's value into the server's root URI (scheme, host and port; no path).</summary>
    public static Uri Parse(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new CtlException("--server: the admin API address is empty (want HOST:PORT, e.g. localhost:2381)");
        }

        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host)
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0)
        {
            throw new CtlException($"--server: \"{text}\" is not an admin API address (want HOST:PORT or http(s)://HOST:PORT)");
        }

        return new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri;
    }
}
