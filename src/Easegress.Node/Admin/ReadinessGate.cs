using Easegress.Actors.Replica;
using Microsoft.AspNetCore.Http;

namespace Easegress.Node.Admin;

/// <summary>
/// Reads of the cluster's state wait until this member has it. Until its replica is ready (see
/// <see cref="ReplicaReadiness"/>), <c>GET</c> of objects, their status and the members answers <c>503</c> with
/// <c>Retry-After: 1</c> and what the member still waits for, instead of an incomplete answer (just after a restart the
/// catalog is empty although every object is stored). <c>/healthz</c> (the process is alive) answers as before;
/// <c>/readyz</c> says whether reads are answered.
/// </summary>
internal static class ReadinessGate
{
    /// <summary>The answer of <c>/readyz</c>.</summary>
    public static IResult Ready(HttpContext http, LocalReplica replica) =>
        replica.IsReady ? Results.Text("ready\n") : NotReady(http, replica);

    /// <summary>Whether <paramref name="path"/> (after <c>/apis/v1</c> or <c>/apis/v2</c>) reads the cluster's state.</summary>
    public static bool ReadsState(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return false;
        var path = request.Path.Value ?? "";
        var rest = path.StartsWith("/apis/v1/", StringComparison.Ordinal) || path.StartsWith("/apis/v2/", StringComparison.Ordinal) ? path[8..] : null;
        return rest is not null && (rest.StartsWith("/objects", StringComparison.Ordinal) || rest.StartsWith("/status/", StringComparison.Ordinal)
            || rest == "/members");
    }

    public static IResult NotReady(HttpContext http, LocalReplica replica)
    {
        http.Response.Headers.RetryAfter = "1";
        return AdminResponse.Error(http, 503,
            $"this member does not have the cluster state yet ({replica.NotReadyBecause ?? "it is getting ready"}); try again in a moment");
    }
}
