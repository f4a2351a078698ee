using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Easegress.Ctl;

/// <summary>
/// The admin API as egctl uses it (see docs/admin-api.md). Every call answers an <see cref="AdminReply"/>,
/// whatever the status code; only a failure to reach the server throws (<see cref="AdminUnreachableException"/>).
/// </summary>
internal sealed class AdminClient : IDisposable
{
    public const string BasePath = "/apis/v2";

    private const string YamlMediaType = "application/yaml";

    private readonly HttpClient _http;

    public AdminClient(Connection connection) : this(connection.Server, connection.Handler) =>
        _http.DefaultRequestHeaders.Authorization = connection.Authorization;

    public AdminClient(Uri server, HttpMessageHandler? handler = null)
    {
        Server = server;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(100),
        };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("egctl", ThisVersion()));
    }

    /// <summary>The server's root URI, as shown in messages.</summary>
    public Uri Server { get; }

    public Task<AdminReply> HealthAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/healthz", null, ct);

    public Task<AdminReply> ListMembersAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/status/members", null, ct);

    public Task<AdminReply> ListObjectKindsAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/object-kinds", null, ct);

    public Task<AdminReply> CreateObjectAsync(string specYaml, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/objects", specYaml, ct);

    public Task<AdminReply> UpdateObjectAsync(string name, string specYaml, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, ObjectPath(name), specYaml, ct);

    public Task<AdminReply> DeleteObjectAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, ObjectPath(name), null, ct);

    public Task<AdminReply> GetObjectAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ObjectPath(name), null, ct);

    public Task<AdminReply> ListObjectsAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/objects", null, ct);

    /// <summary><c>GET /objects</c> in <paramref name="scope"/>: a list, or a map namespace → list for every namespace.</summary>
    public Task<AdminReply> ListObjectsAsync(NamespaceScope scope, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/objects" + scope.Query, null, ct);

    public Task<AdminReply> GetObjectAsync(string name, NamespaceScope scope, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, ObjectPath(name) + scope.Query, null, ct);

    public Task<AdminReply> DeleteAllObjectsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, "/objects?all=true", null, ct);

    public Task<AdminReply> ListApiResourcesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/object-api-resources", null, ct);

    /// <summary><c>GET /apis/v2</c>: the admin API's endpoints by group.</summary>
    public Task<AdminReply> ListApisAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "", null, ct);

    /// <summary>Purges a member from the cluster's member list.</summary>
    public Task<AdminReply> DeleteMemberAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, "/status/members/" + Uri.EscapeDataString(name), null, ct);

    /// <summary>The operator console: <c>/cluster</c>, <c>/cluster/shards</c>, <c>/cluster/singleton</c>.</summary>
    public Task<AdminReply> GetClusterAsync(string view, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, view.Length == 0 ? "/cluster" : "/cluster/" + view, null, ct);

    /// <summary><c>leave</c> or <c>down</c> for one member.</summary>
    public Task<AdminReply> ActOnMemberAsync(string name, string action, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"/cluster/members/{Uri.EscapeDataString(name)}/{action}", null, ct);

    /// <summary>The node's metrics in the Prometheus text format.</summary>
    public Task<AdminReply> GetMetricsAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/metrics", null, ct);

    public Task<AdminReply> GetLogLevelAsync(CancellationToken ct) => SendAsync(HttpMethod.Get, "/logs/level", null, ct);

    public Task<AdminReply> SetLogLevelAsync(string level, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, "/logs/level/" + Uri.EscapeDataString(level), null, ct);

    /// <summary>Copies the server's log to <paramref name="output"/> as it arrives (for ever when following).</summary>
    public async Task StreamLogsAsync(int tail, bool follow, TextWriter output, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{BasePath}/logs?tail={tail}&follow={(follow ? "true" : "false")}");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AdminUnreachableException(Server, e.Message, e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var reply = new AdminReply(response.StatusCode, await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
                throw new CtlException(reply.ErrorText);
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
            try
            {
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    output.WriteLine(line);
                    if (follow) output.Flush();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // interrupted while following
            }
        }
    }

    public Task<AdminReply> GetObjectStatusAsync(string name, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/status/objects/" + Uri.EscapeDataString(name), null, ct);

    public Task<AdminReply> ListObjectStatusesAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, "/status/objects", null, ct);

    public void Dispose() => _http.Dispose();

    private static string ObjectPath(string name) => "/objects/" + Uri.EscapeDataString(name);

    /// <summary>How long a read waits for a member that is still getting the cluster's state (it answers 503 with
    /// <c>Retry-After</c> until then, for a few seconds after it starts) before egctl reports that answer.</summary>
    public static readonly TimeSpan RecoveringWait = TimeSpan.FromSeconds(10);

    private async Task<AdminReply> SendAsync(HttpMethod method, string path, string? yamlBody, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + RecoveringWait;
        while (true)
        {
            var (reply, retryAfter) = await SendOnceAsync(method, path, yamlBody, ct).ConfigureAwait(false);
            if (method != HttpMethod.Get || reply.Status != HttpStatusCode.ServiceUnavailable || retryAfter is not { } wait
                || DateTime.UtcNow + wait > deadline)
            {
                return reply;
            }
            await Task.Delay(wait, ct).ConfigureAwait(false);
        }
    }

    private async Task<(AdminReply Reply, TimeSpan? RetryAfter)> SendOnceAsync(HttpMethod method, string path, string? yamlBody, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, BasePath + path);
        if (yamlBody is not null)
        {
            request.Content = new StringContent(yamlBody, Encoding.UTF8, YamlMediaType);
        }

        try
        {
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? TimeSpan.FromSeconds(Math.Clamp(delta.TotalSeconds, 0.2, 2)) : (TimeSpan?)null;
            return (new AdminReply(response.StatusCode, body), retryAfter);
        }
        catch (HttpRequestException e)
        {
            throw new AdminUnreachableException(Server, e.Message, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new AdminUnreachableException(Server, $"no answer within {_http.Timeout.TotalSeconds:0} seconds", e);
        }
    }

    private static string ThisVersion() =>
        typeof(AdminClient).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}

/// <summary>The admin API could not be reached (refused, unknown host, timeout, broken connection).</summary>
internal sealed class AdminUnreachableException(Uri server, string reason, Exception inner)
    : CtlException($"cannot connect to the admin API at {server.GetLeftPart(UriPartial.Authority)}: {reason}", inner);
