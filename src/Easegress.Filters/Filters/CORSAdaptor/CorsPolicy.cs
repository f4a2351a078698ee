using System.Globalization;

namespace Easegress.Filters.CORSAdaptor;

/// <summary>
/// The compiled cross-origin policy, with the defaults and rules Easegress takes from <c>rs/cors</c>: origins compared
/// case-insensitively (<c>*</c> for any, one <c>*</c> wildcard inside an origin), methods upper-case (OPTIONS always
/// passes), request headers in canonical form with <c>Origin</c> always allowed.
/// </summary>
internal sealed class CorsPolicy
{
    private static readonly string[] DefaultMethods = ["GET", "POST", "HEAD"];
    private static readonly string[] DefaultHeaders = ["Origin", "Accept", "Content-Type", "X-Requested-With"];

    private readonly string[] _origins = [];
    private readonly (string Prefix, string Suffix)[] _wildcards = [];
    private readonly string[] _methods;
    private readonly string[] _headers = [];

    public CorsPolicy(CORSAdaptorSpec spec)
    {
        var origins = spec.AllowedOrigins is { Count: > 0 } given ? given : ["*"];
        AnyOrigin = origins.Contains("*");
        if (!AnyOrigin)
        {
            _origins = origins.Where(o => !o.Contains('*')).Select(o => o.ToLowerInvariant()).ToArray();
            _wildcards = origins.Where(o => o.Contains('*')).Select(o => o.ToLowerInvariant().Split('*', 2))
                .Select(parts => (parts[0], parts[1])).ToArray();
        }
        _methods = spec.AllowedMethods is { Count: > 0 } methods ? methods.Select(m => m.ToUpperInvariant()).ToArray() : DefaultMethods;
        if (spec.AllowedHeaders is { Count: > 0 } headers)
        {
            AnyHeader = headers.Contains("*");
            if (!AnyHeader) _headers = headers.Append("Origin").Select(Canonical).ToArray();
        }
        else _headers = DefaultHeaders;
        AllowCredentials = spec.AllowCredentials;
        ExposedHeaders = spec.ExposedHeaders is { Count: > 0 } exposed ? string.Join(", ", exposed.Select(Canonical)) : null;
        MaxAge = spec.MaxAge > 0 ? spec.MaxAge.ToString(CultureInfo.InvariantCulture) : null;
    }

    public bool AnyOrigin { get; }
    public bool AnyHeader { get; }
    public bool AllowCredentials { get; }
    /// <summary>The <c>Access-Control-Expose-Headers</c> value, if any.</summary>
    public string? ExposedHeaders { get; }
    /// <summary>The <c>Access-Control-Max-Age</c> value, if any.</summary>
    public string? MaxAge { get; }

    public bool AllowsOrigin(string origin)
    {
        if (AnyOrigin) return true;
        origin = origin.ToLowerInvariant();
        if (Array.IndexOf(_origins, origin) >= 0) return true;
        foreach (var (prefix, suffix) in _wildcards)
            if (origin.Length >= prefix.Length + suffix.Length && origin.StartsWith(prefix, StringComparison.Ordinal)
                && origin.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    public bool AllowsMethod(string method)
    {
        method = method.ToUpperInvariant();
        return method == "OPTIONS" || Array.IndexOf(_methods, method) >= 0;
    }

    /// <summary>True when every requested header (canonical form) is allowed.</summary>
    public bool AllowsHeaders(IReadOnlyList<string> requested)
    {
        if (AnyHeader) return true;
        foreach (var header in requested)
            if (Array.IndexOf(_headers, header) < 0) return false;
        return true;
    }

    /// <summary>The header names of an <c>Access-Control-Request-Headers</c> value, in canonical form.</summary>
    public static string[] ParseHeaderList(string value) =>
        value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(Canonical).ToArray();

    /// <summary>Go's canonical header form: <c>x-requested-with</c> → <c>X-Requested-With</c>.</summary>
    public static string Canonical(string name)
    {
        var chars = name.Trim().ToLowerInvariant().ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            if (upper) chars[i] = char.ToUpperInvariant(chars[i]);
            upper = chars[i] == '-';
        }
        return new string(chars);
    }
}
