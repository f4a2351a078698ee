using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.Fallback;

/// <summary>The spec of a <c>Fallback</c>: what the response becomes when the pipeline falls back.</summary>
public sealed class FallbackSpec : FilterSpec, IValidatedSpec
{
    [RequiredField] public int MockCode { get; set; }
    [HeaderValue] public Dictionary<string, string>? MockHeaders { get; set; }
    public string? MockBody { get; set; }

    public void Validate(string path) => StatusCodeField.Validate(MockCode, SpecException.Join(path, "mockCode"));
}
