using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Tests.Validator;

/// <summary>The Validator's <c>oauth2</c>: token introspection (RFC 7662) against a real endpoint, and self-contained
/// HMAC JWTs.</summary>
public sealed class OAuth2ValidatorTests
{
    /// <summary>An RFC 7662 endpoint: <c>good</c> is active (for alice, scope <c>read write</c>), <c>slow</c> too once
    /// <see cref="Release"/> completes, anything else inactive; a client that does not authenticate as
    /// <c>gateway</c>/<c>s3cret</c> gets 401 <c>invalid_client</c>.</summary>
    private sealed class IntrospectionEndpoint : IAsyncDisposable
    {
        private WebApplication? _app;

        public ConcurrentQueue<IFormCollection> Calls { get; } = new();
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Url { get; private set; } = "";

        public static async Task<IntrospectionEndpoint> StartAsync(bool https = false)
        {
            var endpoint = new IntrospectionEndpoint();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            if (https)
            {
                var certificate = TestCertificates.Server("introspection", ["localhost"]);
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
            }
            else builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(endpoint.HandleAsync);
            await app.StartAsync();
            endpoint._app = app;
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            endpoint.Url = $"{bound.Scheme}://127.0.0.1:{bound.Port}/oauth2/introspect";
            return endpoint;
        }

        private async Task HandleAsync(HttpContext http)
        {
            var form = await http.Request.ReadFormAsync();
            Calls.Enqueue(form);
            var basic = http.Request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String("gateway:s3cret"u8);
            if (!basic && (form["client_id"] != "gateway" || form["client_secret"] != "s3cret"))
            {
                http.Response.StatusCode = 401;
                await http.Response.WriteAsJsonAsync(new { error = "invalid_client" });
                return;
            }
            var token = form["token"].ToString();
            if (token == "slow") await Release.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await http.Response.WriteAsync(token is "good" or "slow"
                ? """{"active": true, "sub": "alice", "scope": "read write", "client_id": "app"}"""
                : """{"active": false}""");
        }

        public async ValueTask DisposeAsync()
        {
            Release.TrySetResult();
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }

    private static IAsyncFilter Validator(string oauth2Yaml, TimeProvider? time = null)
    {
        var spec = TestSpecs.Filter<ValidatorSpec>($"name: v\nkind: Validator\noauth2:\n{oauth2Yaml}\n");
        var environment = FilterEnvironment.Create();
        return Assert.IsAssignableFrom<IAsyncFilter>(TestSpecs.Create(spec,
            time is null ? environment : new FilterEnvironment { Forwarder = environment.Forwarder, Time = time }));
    }

    private static RequestContext Bearer(string? token, params (string, string)[] more) =>
        Requests.Context(headers: token is null ? more : [("Authorization", "Bearer " + token), .. more]);

    [Fact]
    public async Task Introspection_lets_an_active_token_pass_and_tells_the_backend_who_it_is()
    {
        await using var endpoint = await IntrospectionEndpoint.StartAsync();
        using var validator = Validator($"  tokenIntrospect:\n    endPoint: {endpoint.Url}\n    clientId: gateway\n    clientSecret: s3cret");

        var good = Bearer("good", ("X-Authenticated-Userid", "mallory"));
        Assert.Equal("", await validator.HandleAsync(good));
        Assert.Equal("alice", good.Request.Headers["X-Authenticated-Userid"].ToString());   // the client's own is replaced
        Assert.Equal("read write", good.Request.Headers["X-Authenticated-Scope"].ToString());
        Assert.True(endpoint.Calls.TryDequeue(out var call));
        Assert.Equal("good", call["token"]);
        Assert.Equal("gateway", call["client_id"]);

        foreach (var token in new[] { "expired-or-revoked", "good-but-tampered", "good&token=good" })
        {
            var context = Bearer(token);
            Assert.Equal(ValidatorKind.Invalid, await validator.HandleAsync(context));
            Assert.Equal(401, context.Response!.StatusCode);
            Assert.True(endpoint.Calls.TryDequeue(out var asked));
            Assert.Equal(token, asked["token"]);   // form-encoded: the token cannot smuggle parameters
        }

        var missing = Bearer(null);
        Assert.Equal(ValidatorKind.Invalid, await validator.HandleAsync(missing));
        Assert.Equal(401, missing.Response!.StatusCode);
        Assert.Empty(endpoint.Calls);   // nothing to ask about
    }

    [Fact]
    public async Task Introspection_authenticates_with_basicAuth_and_fails_closed_when_the_endpoint_refuses_or_is_down()
    {
        await using var endpoint = await IntrospectionEndpoint.StartAsync();
        using var basic = Validator($"  tokenIntrospect:\n    endPoint: {endpoint.Url}\n    basicAuth: {Convert.ToBase64String("gateway:s3cret"u8)}");
        Assert.Equal("", await basic.HandleAsync(Bearer("good")));

        using var wrongClient = Validator($"  tokenIntrospect:\n    endPoint: {endpoint.Url}\n    clientId: gateway\n    clientSecret: guess");
        var refused = Bearer("good");
        Assert.Equal(ValidatorKind.Invalid, await wrongClient.HandleAsync(refused));
        Assert.Equal(401, refused.Response!.StatusCode);

        using var down = Validator($"  tokenIntrospect:\n    endPoint: http://127.0.0.1:{FreePorts.Next()}/introspect\n    clientId: gateway\n    clientSecret: s3cret");
        var unanswered = Bearer("good");
        Assert.Equal(ValidatorKind.Invalid, await down.HandleAsync(unanswered));
        Assert.Equal(401, unanswered.Response!.StatusCode);
    }

    [Fact]
    public async Task InsecureTls_accepts_a_self_signed_endpoint_that_is_refused_otherwise()
    {
        await using var endpoint = await IntrospectionEndpoint.StartAsync(https: true);
        var fields = $"  tokenIntrospect:\n    endPoint: {endpoint.Url}\n    clientId: gateway\n    clientSecret: s3cret";

        using var strict = Validator(fields);
        Assert.Equal(ValidatorKind.Invalid, await strict.HandleAsync(Bearer("good")));
        Assert.Empty(endpoint.Calls);

        using var insecure = Validator(fields + "\n    insecureTls: true");
        Assert.Equal("", await insecure.HandleAsync(Bearer("good")));
        Assert.Single(endpoint.Calls);
    }

    [Fact]
    public async Task Introspection_does_not_block_the_stage_while_the_endpoint_thinks()
    {
        await using var endpoint = await IntrospectionEndpoint.StartAsync();
        using var validator = Validator($"  tokenIntrospect:\n    endPoint: {endpoint.Url}\n    clientId: gateway\n    clientSecret: s3cret");

        var slow = validator.HandleAsync(Bearer("slow"));
        Assert.False(slow.IsCompleted);                                   // handed back to the stage, not waited for
        Assert.Equal("", await validator.HandleAsync(Bearer("good")));    // another request passes meanwhile
        Assert.False(slow.IsCompleted);

        endpoint.Release.SetResult();
        Assert.Equal("", await slow.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static readonly byte[] Key = Encoding.ASCII.GetBytes("oauth2-key");

    private static string Hs256(object claims, byte[]? key = null)
    {
        static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var unsigned = $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part(JsonSerializer.Serialize(claims))}";
        return $"{unsigned}.{Base64Url.EncodeToString(HMACSHA256.HashData(key ?? Key, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    [Fact]
    public async Task A_self_contained_jwt_passes_when_valid_and_not_when_expired_tampered_or_missing()
    {
        var clock = new ManualClock();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        using var validator = Validator($"  jwt:\n    algorithm: HS256\n    secret: {Convert.ToHexString(Key)}", clock);

        var good = Bearer(Hs256(new { sub = "bob", scope = "read", exp = now + 60 }));
        Assert.Equal("", await validator.HandleAsync(good));
        Assert.Equal("bob", good.Request.Headers["X-Authenticated-Userid"].ToString());
        Assert.Equal("read", good.Request.Headers["X-Authenticated-Scope"].ToString());

        var valid = Hs256(new { sub = "bob", exp = now + 60 });
        var parts = valid.Split('.');
        var tamperedClaims = $"{parts[0]}.{Base64Url.EncodeToString("""{"sub":"admin","exp":9999999999}"""u8)}.{parts[2]}";
        foreach (var token in new[]
                 {
                     Hs256(new { sub = "bob", exp = now }),                              // expired (exp is now)
                     Hs256(new { sub = "bob", nbf = now + 1 }),                          // not yet valid
                     Hs256(new { sub = "bob", exp = now + 60 }, "other-key"u8.ToArray()), // wrong key
                     tamperedClaims,
                 })
        {
            var context = Bearer(token);
            Assert.Equal(ValidatorKind.Invalid, await validator.HandleAsync(context));
            Assert.Equal(401, context.Response!.StatusCode);
        }
        Assert.Equal(ValidatorKind.Invalid, await validator.HandleAsync(Bearer(null)));

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(ValidatorKind.Invalid, await validator.HandleAsync(Bearer(valid)));
    }

    [Theory]
    [InlineData("  {}", "filters[0].oauth2.tokenIntrospect: give exactly one of tokenIntrospect and jwt")]
    [InlineData("  tokenIntrospect: {endPoint: \"ftp://idp/x\"}", "filters[0].oauth2.tokenIntrospect.endPoint: \"ftp://idp/x\" is not an http:// or https:// URL")]
    [InlineData("  tokenIntrospect: {clientId: a}", "filters[0].oauth2.tokenIntrospect.endPoint: is required")]
    [InlineData("  jwt: {algorithm: RS256, secret: 00}", "filters[0].oauth2.jwt.algorithm")]
    [InlineData("  jwt: {algorithm: HS256, secret: xyz}", "filters[0].oauth2.jwt.secret: must be hex-encoded")]
    public void Bad_oauth2_specs_name_the_field(string yaml, string message) =>
        Assert.Contains(message, TestSpecs.FieldError("Validator", "oauth2:\n" + yaml));
}
