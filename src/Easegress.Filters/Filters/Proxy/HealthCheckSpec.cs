using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>A pool's <c>healthCheck</c> (Easegress v2.6.4+): one request per server per interval, in the background.</summary>
public sealed class HealthCheckSpec : IValidatedSpec
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>Consecutive failures that make a healthy server unhealthy.</summary>
    public int Fails { get; set; } = 1;
    /// <summary>Consecutive successes that make an unhealthy server healthy again.</summary>
    public int Pass { get; set; } = 1;
    /// <summary>The path (and query) checked; the server URL's base path is not used. Default <c>/</c>.</summary>
    public string? Uri { get; set; }
    /// <summary>Checks this port instead of the server's.</summary>
    public int Port { get; set; }
    public string? Method { get; set; }
    [HeaderValue] public Dictionary<string, string>? Headers { get; set; }
    public string? Body { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public HealthMatchSpec? Match { get; set; }

    public void Validate(string path)
    {
        if (Interval <= TimeSpan.Zero) throw new SpecException(SpecException.Join(path, "interval"), "must be positive");
        if (Timeout <= TimeSpan.Zero) throw new SpecException(SpecException.Join(path, "timeout"), "must be positive");
        if (Fails < 1) throw new SpecException(SpecException.Join(path, "fails"), "must be at least 1");
        if (Pass < 1) throw new SpecException(SpecException.Join(path, "pass"), "must be at least 1");
        if (Port is < 0 or > 65535) throw new SpecException(SpecException.Join(path, "port"), "must be a TCP port");
        if (Uri is { Length: > 0 } uri && !uri.StartsWith('/')) throw new SpecException(SpecException.Join(path, "uri"), "must start with /");
        if (Method is { Length: > 0 } method && !HttpMethodSet.IsKnown(method))
            throw new SpecException(SpecException.Join(path, "method"), $"unknown HTTP method \"{method}\"");
    }
}

/// <summary>What makes a check succeed: the status in one of <c>statusCodes</c>' ranges, every header rule, the body rule.</summary>
public sealed class HealthMatchSpec : IValidatedSpec
{
    public static readonly List<List<int>> DefaultStatusCodes = [[200, 299], [300, 399]];

    public List<List<int>>? StatusCodes { get; set; }
    public List<HealthHeaderMatchSpec>? Headers { get; set; }
    public HealthBodyMatchSpec? Body { get; set; }

    public void Validate(string path)
    {
        for (var i = 0; i < (StatusCodes?.Count ?? 0); i++)
        {
            var range = StatusCodes![i];
            if (range.Count != 2 || range[0] > range[1] || range[0] < 100 || range[1] > 599)
                throw new SpecException(SpecException.Index(SpecException.Join(path, "statusCodes"), i), "must be a range [from, to] of HTTP status codes");
        }
    }
}

public sealed class HealthHeaderMatchSpec : IValidatedSpec
{
    [RequiredField] public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    /// <summary><c>exact</c> (default) or <c>regexp</c>.</summary>
    public string? Type { get; set; }

    internal System.Text.RegularExpressions.Regex? Regex { get; private set; }

    public void Validate(string path) => Regex = HealthMatchType.Compile(Type, "exact", Value, path);
}

public sealed class HealthBodyMatchSpec : IValidatedSpec
{
    public string Value { get; set; } = "";
    /// <summary><c>contains</c> (default) or <c>regexp</c>.</summary>
    public string? Type { get; set; }

    internal System.Text.RegularExpressions.Regex? Regex { get; private set; }

    public void Validate(string path) => Regex = HealthMatchType.Compile(Type, "contains", Value, path);
}

internal static class HealthMatchType
{
    /// <summary>The compiled value for type <c>regexp</c>; null for the plain type.</summary>
    public static System.Text.RegularExpressions.Regex? Compile(string? type, string plain, string value, string path)
    {
        if (string.IsNullOrEmpty(type) || type == plain) return null;
        if (type != "regexp") throw new SpecException(SpecException.Join(path, "type"), $"must be {plain} or regexp, not \"{type}\"");
        return SpecRegex.Compile(value, SpecException.Join(path, "value"));
    }
}
