using Easegress.Matching;
using Easegress.Specs;

namespace Easegress.Protocols.Http;

/// <summary>A request whose method is in <c>methods</c> (all when empty) and whose path matches <c>url</c>.</summary>
public class MethodUrlSpec : IValidatedSpec
{
    public List<string>? Methods { get; set; }
    [RequiredField] public StringMatcherSpec Url { get; set; } = new();

    internal HttpMethodSet MethodSet(string path = "methods") => HttpMethodSet.Parse(Methods, path);

    public void Validate(string path) => MethodSet(SpecException.Join(path, "methods"));
}
