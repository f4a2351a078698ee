using Easegress.IpFiltering;
using Easegress.Specs;

namespace Easegress.Objects.HTTPServer;

/// <summary>
/// The spec of an <c>HTTPServer</c> object: the envelope, the listener's settings, TLS and the routing rules (as Easegress documents the HTTPServer).
/// HTTP/3 (no QUIC on this platform) and <c>autoCert</c> are refused with a message saying so.
/// </summary>
public sealed class HttpServerSpec : IValidatedSpec
{
    public const long DefaultClientMaxBodySize = 4 * 1024 * 1024;

    [RequiredField] public string Name { get; set; } = "";
    [RequiredField] public string Kind { get; set; } = "";
    public string? Version { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? CreatedAt { get; set; }

    /// <summary>1–65535.</summary>
    [RequiredField] public int Port { get; set; }
    /// <summary>The address to bind; empty means every address.</summary>
    public string? Address { get; set; }
    public bool KeepAlive { get; set; } = true;
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(60);
    public int MaxConnections { get; set; } = 10240;
    /// <summary>Request body limit in bytes; -1 means no limit. A path may override it.</summary>
    public long ClientMaxBodySize { get; set; } = DefaultClientMaxBodySize;
    /// <summary>Append the client's address to X-Forwarded-For.</summary>
    public bool XForwardedFor { get; set; }
    /// <summary>Accepted for compatibility: Easegress caches routes, this route table needs no cache.</summary>
    public long CacheSize { get; set; }
    /// <summary><c>Ordered</c> (the default) or <c>RadixTree</c>.</summary>
    public string? RouterKind { get; set; }
    public List<RouteRuleSpec> Rules { get; set; } = [];
    /// <summary>The access log line; empty means Easegress's default (<see cref="AccessLogging.AccessLogFormat.Default"/>).</summary>
    public string? AccessLogFormat { get; set; }

    public bool Https { get; set; }
    public bool Http3 { get; set; }
    public bool AutoCert { get; set; }
    /// <summary>Base64 of a PEM certificate (optionally followed by its intermediates); with <see cref="KeyBase64"/>.</summary>
    public string? CertBase64 { get; set; }
    public string? KeyBase64 { get; set; }
    /// <summary>PEM certificates (or base64 of them) by pair name; each needs the <see cref="Keys"/> entry of the same name.</summary>
    public Dictionary<string, string>? Certs { get; set; }
    public Dictionary<string, string>? Keys { get; set; }
    /// <summary>Base64 of PEM CA certificates; when set, clients must present a certificate issued under one of them.</summary>
    public string? CaCertBase64 { get; set; }
    public IpFilterSpec? IpFilter { get; set; }

    /// <summary>The <c>GlobalFilter</c> object whose flows run around every matched backend.</summary>
    public string? GlobalFilter { get; set; }

    /// <summary>Distributed tracing of the server's requests; none when absent.</summary>
    public Tracing.TracingSpec? Tracing { get; set; }

    /// <summary>The effective body limit for a path limit of <paramref name="pathLimit"/> (0 = the server's).</summary>
    public long EffectiveClientMaxBodySize(long pathLimit) =>
        pathLimit != 0 ? pathLimit : ClientMaxBodySize == 0 ? DefaultClientMaxBodySize : ClientMaxBodySize;

    public void Validate(string path)
    {
        if (Port is < 1 or > 65535)
            throw new SpecException(SpecException.Join(path, "port"), $"must be between 1 and 65535, not {Port}");
        // the listener binds exactly this: an IP address or localhost (no name to resolve)
        if (Address is { Length: > 0 } address && address != "localhost" && !System.Net.IPAddress.TryParse(address, out _))
            throw new SpecException(SpecException.Join(path, "address"), $"must be an IP address or localhost, not \"{address}\"");
        if (MaxConnections < 1)
            throw new SpecException(SpecException.Join(path, "maxConnections"), "must be at least 1");
        if (ClientMaxBodySize < -1)
            throw new SpecException(SpecException.Join(path, "clientMaxBodySize"), "must be -1 (no limit), 0 (the default) or a size in bytes");
        if (CacheSize < 0)
            throw new SpecException(SpecException.Join(path, "cacheSize"), "must not be negative");
        if (Http3)
            throw new SpecException(SpecException.Join(path, "http3"),
                "HTTP/3 is not available here: it needs QUIC, and this platform has no libmsquic; use https, which serves HTTP/2 and HTTP/1.1");
        if (AutoCert)
            throw new SpecException(SpecException.Join(path, "autoCert"), "autoCert is not supported yet (there is no AutoCertManager); give certs and keys");
        if (RouterKind is { Length: > 0 } and not RouteTable.Ordered and not RouteTable.RadixTree)
            throw new SpecException(SpecException.Join(path, "routerKind"), $"unknown router kind \"{RouterKind}\" (Ordered or RadixTree)");
        if (!string.IsNullOrEmpty(AccessLogFormat)) Protocols.Http.AccessLogging.AccessLogFormat.Parse(AccessLogFormat, SpecException.Join(path, "accessLogFormat"));
        RouteTable.Build(this, path);   // compiles hosts, regexps, methods and IP filters, naming the field that fails
        if (Https) HttpServerTls.Build(this, path).Dispose();   // reads every certificate and key, naming the one that fails
    }
}

/// <summary>A rule: the hosts it serves (any when none given) and its paths, tried in order.</summary>
public sealed class RouteRuleSpec
{
    /// <summary>An exact host, or one wildcard at the start (<c>*.example.com</c>) or the end (<c>www.example.*</c>).</summary>
    public string? Host { get; set; }
    public string? HostRegexp { get; set; }
    public List<HostSpec>? Hosts { get; set; }
    public List<RoutePathSpec> Paths { get; set; } = [];
    /// <summary>A client it blocks skips this rule; if no later rule takes the request, the answer is 403.</summary>
    public IpFilterSpec? IpFilter { get; set; }
}

public sealed class HostSpec
{
    [RequiredField] public string Value { get; set; } = "";
    public bool IsRegexp { get; set; }
}

/// <summary>A path of a rule: how it matches (path, pathPrefix or pathRegexp; none = every path), methods, headers, queries, and where it goes.</summary>
public sealed class RoutePathSpec : IValidatedSpec
{
    public string? Path { get; set; }
    public string? PathPrefix { get; set; }
    public string? PathRegexp { get; set; }
    public string? RewriteTarget { get; set; }
    public List<string>? Methods { get; set; }
    /// <summary>The pipeline that handles the request.</summary>
    [RequiredField] public string Backend { get; set; } = "";
    /// <summary>Overrides the server's limit when not 0; -1 means no limit.</summary>
    public long ClientMaxBodySize { get; set; }
    public List<ValueMatchSpec>? Headers { get; set; }
    public bool MatchAllHeader { get; set; }
    public List<ValueMatchSpec>? Queries { get; set; }
    public bool MatchAllQuery { get; set; }
    /// <summary>Checked after methods, headers and queries; a client it blocks gets 403 unless a later path takes the request.</summary>
    public IpFilterSpec? IpFilter { get; set; }

    public void Validate(string path)
    {
        if (Backend.Length == 0)
            throw new SpecException(SpecException.Join(path, "backend"), "is required");
        if (!string.IsNullOrEmpty(Path) && Path[0] != '/')
            throw new SpecException(SpecException.Join(path, "path"), "must start with /");
        if (!string.IsNullOrEmpty(PathPrefix) && PathPrefix[0] != '/')
            throw new SpecException(SpecException.Join(path, "pathPrefix"), "must start with /");
        if (!string.IsNullOrEmpty(RewriteTarget) && string.IsNullOrEmpty(Path) && string.IsNullOrEmpty(PathPrefix) && string.IsNullOrEmpty(PathRegexp))
            throw new SpecException(SpecException.Join(path, "rewriteTarget"), "rewriteTarget is specified but path is empty");
        if (ClientMaxBodySize < -1)
            throw new SpecException(SpecException.Join(path, "clientMaxBodySize"), "must be -1 (no limit), 0 (the server's) or a size in bytes");
    }
}

/// <summary>A header or query condition: the first value of <see cref="Key"/> is one of <see cref="Values"/> or matches <see cref="Regexp"/>.</summary>
public sealed class ValueMatchSpec : IValidatedSpec
{
    [RequiredField] public string Key { get; set; } = "";
    public List<string>? Values { get; set; }
    public string? Regexp { get; set; }

    public void Validate(string path)
    {
        if ((Values is null || Values.Count == 0) && string.IsNullOrEmpty(Regexp))
            throw new SpecException(path, $"both of values and regexp are empty for key: {Key}");
    }
}
