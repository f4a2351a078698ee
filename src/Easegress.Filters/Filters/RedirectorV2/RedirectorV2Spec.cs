using Easegress.Filters.Redirector;
using Easegress.Specs;

namespace Easegress.Filters.RedirectorV2;

/// <summary>The spec of a <c>RedirectorV2</c>: Gateway API's <c>HTTPRequestRedirectFilter</c> — which parts of the
/// request URL the redirect changes.</summary>
public sealed class RedirectorV2Spec : FilterSpec, IValidatedSpec
{
    /// <summary><c>http</c> or <c>https</c>; unchanged when not given.</summary>
    public string? Scheme { get; set; }
    /// <summary>The new host (with a port if one is wanted); unchanged when not given.</summary>
    public string? Hostname { get; set; }
    /// <summary>Accepted and not used, as in Easegress: put the port in <see cref="Hostname"/>.</summary>
    public int? Port { get; set; }
    public PathModifierSpec? Path { get; set; }
    public int StatusCode { get; set; } = 302;

    public void Validate(string path)
    {
        if (Scheme is not null && Scheme is not ("http" or "https"))
            throw new SpecException(SpecException.Join(path, "scheme"), $"\"{Scheme}\" is not http or https");
        if (Port is < 1 or > 65535)
            throw new SpecException(SpecException.Join(path, "port"), $"{Port} is not a port (1-65535)");
        RedirectStatus.Validate(StatusCode, SpecException.Join(path, "statusCode"));
    }
}

/// <summary>How the path changes: <c>ReplaceFullPath</c> with <c>replaceFullPath</c>, or <c>ReplacePrefixMatch</c>
/// (the prefix the HTTP server's route matched is replaced with <c>replacePrefixMatch</c>).</summary>
public sealed class PathModifierSpec : IValidatedSpec
{
    public const string ReplaceFullPathType = "ReplaceFullPath";
    public const string ReplacePrefixMatchType = "ReplacePrefixMatch";

    [RequiredField] public string Type { get; set; } = "";
    public string? ReplaceFullPath { get; set; }
    public string? ReplacePrefixMatch { get; set; }

    public void Validate(string path)
    {
        switch (Type)
        {
            case ReplaceFullPathType when ReplaceFullPath is null:
                throw new SpecException(SpecException.Join(path, "replaceFullPath"), "is required by the ReplaceFullPath type");
            case ReplacePrefixMatchType when ReplacePrefixMatch is null:
                throw new SpecException(SpecException.Join(path, "replacePrefixMatch"), "is required by the ReplacePrefixMatch type");
            case ReplaceFullPathType or ReplacePrefixMatchType:
                return;
            default:
                throw new SpecException(SpecException.Join(path, "type"), $"\"{Type}\" is not ReplaceFullPath or ReplacePrefixMatch");
        }
    }
}
