namespace Easegress.Filters.Tests.Filters;

/// <summary>Every filter kind is registered with the results Easegress declares for it (the results Easegress documents for each filter), and says whether it may
/// use the response (only kinds that work on the request alone do not).</summary>
public sealed class FilterKindsTests
{
    public static TheoryData<string, string[], bool> Kinds() => new()
    {
        { "Proxy", ["internalError", "clientError", "serverError", "failureCode", "timeout", "shortCircuited"], true },
        { "Validator", ["invalid"], true },
        { "RequestAdaptor", ["decompressFailed", "compressFailed", "signFailed"], false },
        { "ResponseAdaptor", ["responseNotFound", "compressFailed", "decompressFailed"], true },
        { "Mock", ["mocked"], true },
        { "Fallback", ["fallback", "responseNotFound"], true },
        { "CORSAdaptor", ["preflighted", "rejected"], true },
        { "Redirector", ["redirected"], true },
        { "RedirectorV2", ["redirected"], true },
        { "HeaderToJSON", ["jsonEncodeDecodeErr", "bodyReadErr"], false },
        { "RateLimiter", ["rateLimited"], true },
        { "CircuitBreaker", ["shortCircuited"], true },
        { "Retryer", [], true },
        { "TimeLimiter", ["timeout"], true },
        { "CertExtractor", [], false },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_declares_its_results_and_whether_it_uses_the_response(string name, string[] results, bool usesResponse)
    {
        Assert.True(BuiltInKinds.Filters.TryGet(name, out var kind), $"{name} is registered");

        Assert.Equal(results, kind.Results);
        Assert.Equal(usesResponse, kind.UsesResponse);
        Assert.StartsWith(name, kind.Description);
    }

    [Fact]
    public void Every_registered_kind_is_listed_here()
    {
        var listed = Kinds().Select(row => (string)row[0]).Order();

        Assert.Equal(listed, BuiltInKinds.Filters.Kinds.Select(k => k.Name).Order());
    }
}
