using Easegress.Specs;

namespace Easegress.Protocols.Http;

/// <summary>Header changes, applied in the order del, set, add (RequestAdaptor's and ResponseAdaptor's <c>header</c>).</summary>
public sealed class HeaderAdaptSpec
{
    public List<string>? Del { get; set; }
    [HeaderValue] public Dictionary<string, string>? Set { get; set; }
    [HeaderValue] public Dictionary<string, string>? Add { get; set; }
}
