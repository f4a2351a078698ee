namespace Easegress.Node.Configuration;

/// <summary>A host and port, from <c>host:port</c> or a URL such as <c>http://host:port</c>.</summary>
public sealed record HostPort(string Host, int Port)
{
    public static HostPort Parse(string text, string source)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
            throw new OptionsError($"{source}: \"{text}\" is not host:port");
        var host = text[..colon].Trim('[', ']');
        return new HostPort(host.Length == 0 ? "0.0.0.0" : host, port);
    }

    public static HostPort ParseUrl(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0 || text.LastIndexOf(':') <= text.IndexOf("//", StringComparison.Ordinal))
            throw new OptionsError($"{source}: \"{text}\" is not a URL with a port, like http://127.0.0.1:2380");
        return new HostPort(uri.Host.Trim('[', ']'), uri.Port);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
