using Easegress.Specs;

namespace Easegress.Filters.HeaderToJSON;

/// <summary>The spec of a <c>HeaderToJSON</c>: which request headers go into the JSON body, under which field.</summary>
public sealed class HeaderToJSONSpec : FilterSpec, IValidatedSpec
{
    [RequiredField] public List<HeaderFieldSpec> HeaderMap { get; set; } = [];

    public void Validate(string path)
    {
        if (HeaderMap.Count == 0) throw new SpecException(SpecException.Join(path, "headerMap"), "at least one header is required");
    }
}

/// <summary>One header and the JSON field its value goes to.</summary>
public sealed class HeaderFieldSpec : IValidatedSpec
{
    [RequiredField] public string Header { get; set; } = "";
    [RequiredField, SpecField("json")] public string Json { get; set; } = "";

    public void Validate(string path)
    {
        if (Header.Length == 0) throw new SpecException(SpecException.Join(path, "header"), "must not be empty");
        if (Json.Length == 0) throw new SpecException(SpecException.Join(path, "json"), "must not be empty");
    }
}
