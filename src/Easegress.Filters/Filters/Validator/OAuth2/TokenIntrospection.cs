using System.Net.Http.Headers;
using System.Text.Json;
using Easegress.Protocols.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Validator;

/// <summary>
/// The <c>oauth2.tokenIntrospect</c> check: POSTs the bearer token to the endpoint (RFC 7662, form-encoded, with the
/// client's credentials) and lets the request pass when the answer is 200 with <c>"active": true</c>. Its
/// <c>sub</c> and <c>scope</c> go to the backend as headers. Nothing is cached: every request asks. An endpoint that
/// cannot be reached, times out (10 s) or answers something else fails the request and is logged.
/// </summary>
internal sealed class TokenIntrospection : ICredentialCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TokenIntrospectSpec _spec;
    private readonly HttpClient _client;
    private readonly ILogger _logger;

    public TokenIntrospection(TokenIntrospectSpec spec, ILoggerFactory loggers)
    {
        _spec = spec;
        _logger = loggers.CreateLogger("Easegress.Validator");
        var handler = new SocketsHttpHandler { ConnectTimeout = Timeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (spec.InsecureTls) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _client = new HttpClient(handler) { Timeout = Timeout };
    }

    public async ValueTask<bool> PassesAsync(RequestContext context)
    {
        if (AuthenticatedUser.BearerToken(context.Request) is not { Length: > 0 } token) return false;
        var form = new List<KeyValuePair<string, string>> { new("token", token) };
        using var request = new HttpRequestMessage(HttpMethod.Post, _spec.Uri);
        if (!string.IsNullOrEmpty(_spec.ClientId))
        {
            form.Add(new("client_id", _spec.ClientId));
            form.Add(new("client_secret", _spec.ClientSecret ?? ""));
        }
        else if (!string.IsNullOrEmpty(_spec.BasicAuth))
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _spec.BasicAuth);
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        try
        {
            using var response = await _client.SendAsync(request, context.Aborted).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("token introspection at {Endpoint} answered {Status}", _spec.EndPoint, (int)response.StatusCode);
                return false;
            }
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(context.Aborted).ConfigureAwait(false),
                cancellationToken: context.Aborted).ConfigureAwait(false);
            var root = answer.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.True)
                return false;
            AuthenticatedUser.Announce(context.Request, root);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or OperationCanceledException)
        {
            if (!context.Aborted.IsCancellationRequested)
                _logger.LogWarning("token introspection at {Endpoint} failed: {Error}", _spec.EndPoint, e.Message);
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
