using System.Text.RegularExpressions;
using Easegress.Protocols.Http.Bodies;
using Easegress.Protocols.Http;
using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>The spec of a <c>RequestAdaptor</c>: what to change in the request before later filters see it.</summary>
public sealed class RequestAdaptorSpec : FilterSpec, IValidatedSpec
{
    public string? Method { get; set; }
    [HeaderValue] public string? Host { get; set; }
    public PathAdaptSpec? Path { get; set; }
    public HeaderAdaptSpec? Header { get; set; }
    /// <summary>Replaces the request body when not empty.</summary>
    public string? Body { get; set; }
    /// <summary><c>gzip</c>: compress a body that has no Content-Encoding yet.</summary>
    public string? Compress { get; set; }
    /// <summary><c>gzip</c>: decompress a body whose Content-Encoding is gzip.</summary>
    public string? Decompress { get; set; }
    /// <summary>Sign the adapted request (Easegress's signer; AWS Signature V4 with <c>apiProvider: aws4</c>).</summary>
    public RequestSignSpec? Sign { get; set; }

    internal bool CodesBody => !string.IsNullOrEmpty(Compress) || !string.IsNullOrEmpty(Decompress);

    public void Validate(string path)
    {
        if (!string.IsNullOrEmpty(Method) && !HttpMethodSet.IsKnown(Method))
            throw new SpecException(SpecException.Join(path, "method"), $"\"{Method}\" is not an HTTP method");
        GzipFields.Validate(path, Compress, Decompress, Body);
    }
}

/// <summary>How to change the path: <c>replace</c> wins, else <c>regexpReplace</c>, else <c>trimPrefix</c> then <c>addPrefix</c>.</summary>
public sealed class PathAdaptSpec : IValidatedSpec
{
    public string? Replace { get; set; }
    public string? AddPrefix { get; set; }
    public string? TrimPrefix { get; set; }
    public RegexpReplaceSpec? RegexpReplace { get; set; }

    public void Validate(string path)
    {
        if (!string.IsNullOrEmpty(Replace) && Replace[0] != '/')
            throw new SpecException(SpecException.Join(path, "replace"), "must start with /");
        if (!string.IsNullOrEmpty(AddPrefix) && AddPrefix[0] != '/')
            throw new SpecException(SpecException.Join(path, "addPrefix"), "must start with /");
    }
}

public sealed class RegexpReplaceSpec : IValidatedSpec
{
    [RequiredField] public string Regexp { get; set; } = "";
    /// <summary>The replacement; <c>$1</c> and <c>${name}</c> refer to groups.</summary>
    public string Replace { get; set; } = "";

    private Regex? _compiled;

    /// <summary>The compiled <see cref="Regexp"/>, compiled once.</summary>
    internal Regex CompiledRegexp(string path = "regexp") => _compiled ??= SpecRegex.Compile(Regexp, path);

    public void Validate(string path) => CompiledRegexp(SpecException.Join(path, "regexp"));
}
