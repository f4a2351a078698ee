namespace Easegress.Ctl.HttpProxy;

/// <summary>
/// One <c>--rule HOST/PATH=ENDPOINT1,ENDPOINT2</c> of <c>egctl create httpproxy</c>: requests for the host (any
/// host when empty) and path go to the endpoints. A path ending in <c>*</c> is a prefix.
/// </summary>
internal sealed record HttpProxyRule(string Host, string? Path, string? PathPrefix, IReadOnlyList<string> Endpoints)
{
    public static HttpProxyRule Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new CtlException($"--rule \"{text}\" is not in the form HOST/PATH=ENDPOINT1,ENDPOINT2");
        }

        var target = text[..equals];
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new CtlException($"--rule \"{text}\" has no path (HOST/PATH=..., e.g. /api=http://127.0.0.1:8080)");
        }

        var path = target[(slash + 1)..];
        var endpoints = text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (endpoints.Length == 0)
        {
            throw new CtlException($"--rule \"{text}\" has no endpoints");
        }

        return path.EndsWith('*')
            ? new HttpProxyRule(target[..slash], null, "/" + path[..^1], endpoints)
            : new HttpProxyRule(target[..slash], "/" + path, null, endpoints);
    }
}
