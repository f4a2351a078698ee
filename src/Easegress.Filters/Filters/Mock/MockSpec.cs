using Easegress.Matching;
using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.Mock;

/// <summary>The spec of a <c>Mock</c>: rules tried in order; the first that matches the request answers it.</summary>
public sealed class MockSpec : FilterSpec
{
    public List<MockRuleSpec> Rules { get; set; } = [];
}

/// <summary>One mock rule: which requests, and the answer (after <c>delay</c>, if any).</summary>
public sealed class MockRuleSpec : IValidatedSpec
{
    [RequiredField] public MockMatchSpec Match { get; set; } = new();
    [RequiredField] public int Code { get; set; }
    [HeaderValue] public Dictionary<string, string>? Headers { get; set; }
    public string? Body { get; set; }
    public TimeSpan Delay { get; set; }

    public void Validate(string path) => StatusCodeField.Validate(Code, SpecException.Join(path, "code"));
}

/// <summary>
/// Which requests a rule answers: <c>path</c> exactly or <c>pathPrefix</c> (neither: every path), and <c>headers</c>
/// (any one of them, or all with <c>matchAllHeaders</c>; a header rule with <c>empty: true</c> matches a missing header).
/// </summary>
public sealed class MockMatchSpec : IValidatedSpec
{
    public string? Path { get; set; }
    public string? PathPrefix { get; set; }
    public Dictionary<string, StringMatcherSpec>? Headers { get; set; }
    public bool MatchAllHeaders { get; set; }

    public void Validate(string path)
    {
        if (!string.IsNullOrEmpty(Path) && Path[0] != '/')
            throw new SpecException(SpecException.Join(path, "path"), "must start with /");
        if (!string.IsNullOrEmpty(PathPrefix) && PathPrefix[0] != '/')
            throw new SpecException(SpecException.Join(path, "pathPrefix"), "must start with /");
    }
}
