using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace Easegress.Node.Tests;

/// <summary>Validator basicAuth through a real node: the htpasswd file on disk, the user name at the backend, the
/// challenge at the client, a password changed in the file while the server runs.</summary>
public sealed class BasicAuthTrafficTests(TrafficNode fixture, ITestOutputHelper output) : IClassFixture<TrafficNode>, IDisposable
{
    private readonly TrafficNode traffic = fixture.LoggingTo(output);

    private readonly string _dir = Directory.CreateTempSubdirectory("htpasswd-node-").FullName;

    private static string Sha(string password) => "{SHA}" + Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(password)));

    private static HttpRequestMessage Get(string url, string? user, string? password)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-AUTH-USER", "forged");
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return request;
    }

    [Fact]
    public async Task Users_of_the_htpasswd_file_pass_with_their_name_and_others_get_a_challenge()
    {
        var userFile = Path.Combine(_dir, ".htpasswd");
        await File.WriteAllTextAsync(userFile, $"alice:{BCrypt.Net.BCrypt.HashPassword("wonderland", 4)}\nbob:{Sha("builder")}\n");
        var pipeline = traffic.NewName("basic-auth");
        await traffic.CreateAsync($"""
            name: {pipeline}
            kind: Pipeline
            flow:
            - filter: validator
              jumpIf:
                invalid: END
            - filter: proxy
            filters:
            - name: validator
              kind: Validator
              basicAuth:
                mode: FILE
                userFile: {userFile}
            - name: proxy
              kind: Proxy
              pools:
              - servers:
                - url: {traffic.Backend.Url}
            """);
        var port = await traffic.StartServerAsync(traffic.NewName("basic-auth-server"), $"""
            rules:
            - paths:
              - pathPrefix: /secure/
                backend: {pipeline}
            """);
        using var client = TrafficNode.PlainClient();
        var url = $"http://127.0.0.1:{port}/secure/";

        var alice = await client.SendAsync(Get(url + "alice", "alice", "wonderland"));
        Assert.Equal(HttpStatusCode.OK, alice.StatusCode);
        Assert.Equal("alice", Assert.Single(traffic.Backend.Received, r => r.Path == "/secure/alice").Headers["X-AUTH-USER"]);

        foreach (var (path, user, password) in new (string, string?, string?)[] { ("none", null, null), ("wrong", "alice", "looking-glass"), ("stranger", "carol", "x") })
        {
            var refused = await client.SendAsync(Get(url + path, user, password));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain(traffic.Backend.Received, r => r.Path == "/secure/" + path);
        }

        // bob changes his password: the running server follows the file
        await File.WriteAllTextAsync(userFile, $"bob:{Sha("new-builder")}\n");
        await Eventually.TrueAsync(async () =>
            (await client.SendAsync(Get(url + "bob", "bob", "new-builder"))).StatusCode == HttpStatusCode.OK, "the new password is not taken");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get(url + "bob-old", "bob", "builder"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Get(url + "alice-gone", "alice", "wonderland"))).StatusCode);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
