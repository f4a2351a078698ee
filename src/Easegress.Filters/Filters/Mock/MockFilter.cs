using Easegress.Protocols.Http;

namespace Easegress.Filters.Mock;

/// <summary>
/// Answers a request that matches one of its rules (the first, in order) with the rule's code, headers and body, after
/// the rule's delay, and returns <c>mocked</c>; other requests pass with "". The delay waits on a timer, not a thread,
/// and ends early when the client goes away.
/// </summary>
public sealed class MockFilter(MockSpec spec, TimeProvider time) : IAsyncFilter<RequestContext>
{
    private readonly MockRule[] _rules = spec.Rules.Select(r => new MockRule(r)).ToArray();

    public async ValueTask<string> HandleAsync(RequestContext context)
    {
        var rule = Array.Find(_rules, r => r.Matches(context.Request));
        if (rule is null) return "";
        var response = new PipelineResponse(rule.Code);
        foreach (var (name, value) in rule.Headers) response.Headers[name] = value;
        response.SetBody(rule.Body);
        context.Respond(response);

        if (rule.Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(rule.Delay, time, context.Aborted); }
            catch (OperationCanceledException) { }
        }
        return MockKind.Mocked;
    }

    public void Dispose() { }
}
