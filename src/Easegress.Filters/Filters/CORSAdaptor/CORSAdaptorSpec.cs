using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.CORSAdaptor;

/// <summary>The spec of a <c>CORSAdaptor</c>: the cross-origin policy it answers preflights and marks responses with.</summary>
public sealed class CORSAdaptorSpec : FilterSpec, IValidatedSpec
{
    /// <summary>Origins allowed (<c>*</c> = any; one <c>*</c> inside an origin is a wildcard). Default: any.</summary>
    public List<string>? AllowedOrigins { get; set; }
    /// <summary>Methods allowed. Default: GET, POST, HEAD.</summary>
    public List<string>? AllowedMethods { get; set; }
    /// <summary>Request headers allowed (<c>*</c> = any); <c>Origin</c> is always allowed.
    /// Default: Origin, Accept, Content-Type, X-Requested-With.</summary>
    public List<string>? AllowedHeaders { get; set; }
    public bool AllowCredentials { get; set; }
    public List<string>? ExposedHeaders { get; set; }
    /// <summary>Seconds a preflight answer may be cached (0: not said).</summary>
    public int MaxAge { get; set; }
    /// <summary>Easegress v1's switch for handling requests other than preflights; accepted so v1 specs load, while
    /// such requests are always handled, as in v2.</summary>
    public bool SupportCORSRequest { get; set; }

    public void Validate(string path)
    {
        HttpMethodSet.Parse(AllowedMethods, SpecException.Join(path, "allowedMethods"));
        if (MaxAge < 0) throw new SpecException(SpecException.Join(path, "maxAge"), "must not be negative");
        for (var i = 0; i < (AllowedOrigins?.Count ?? 0); i++)
        {
            var origin = AllowedOrigins![i];
            if (origin.Count(c => c == '*') > 1)
                throw new SpecException(SpecException.Index(SpecException.Join(path, "allowedOrigins"), i), "only one * is allowed in an origin");
        }
    }
}
