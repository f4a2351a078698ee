namespace Easegress.Context;

/// <summary>
/// For one flow node: after which of its results a later node may use the response — read it, change it or replace it.
/// A Proxy asks this of the status its backend answered with: when nothing later uses the response it streams it
/// straight to the client; otherwise it hands it over in the context (Easegress's model, where the server writes the
/// response after the pipeline).
/// </summary>
/// <remarks>Worked out once per pipeline version from the flow, by the pipeline engine.</remarks>
public sealed class ResponseDemand
{
    private static readonly IReadOnlyDictionary<string, bool> NoResults = new Dictionary<string, bool>();

    /// <summary>Nothing later uses the response, whatever the result.</summary>
    public static readonly ResponseDemand None = new(NoResults, false);

    /// <summary>Something later may use the response, whatever the result.</summary>
    public static readonly ResponseDemand Always = new(NoResults, true);

    private readonly IReadOnlyDictionary<string, bool> _byResult;
    private readonly bool _otherwise;

    internal ResponseDemand(IReadOnlyDictionary<string, bool> byResult, bool otherwise)
    {
        _byResult = byResult;
        _otherwise = otherwise;
    }

    /// <summary>True when, after the node returns <paramref name="result"/>, a later node may use the response.</summary>
    public bool After(string result) => _byResult.TryGetValue(result, out var used) ? used : _otherwise;
}
