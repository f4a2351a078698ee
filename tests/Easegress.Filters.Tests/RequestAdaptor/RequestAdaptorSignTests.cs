using System.Net;
using System.Text;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.RequestAdaptor;

/// <summary>RequestAdaptor's <c>sign</c>: what it sends is what <see cref="SigV4Reference"/> (written from AWS's
/// specification) and the Validator's <c>signature</c> accept.</summary>
public sealed class RequestAdaptorSignTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private static string Pipeline(string backendUrl, string signYaml, string between = "") => $$"""
        name: sign-demo
        kind: Pipeline
        flow:
        - filter: adaptor
        {{(between.Length > 0 ? "- filter: after\n- filter: validator\n  jumpIf: {invalid: END}" : "")}}
        - filter: proxy
        filters:
        - name: adaptor
          kind: RequestAdaptor
          host: translate.us-east-1.amazonaws.com
          header:
            set:
              X-Amz-Target: Translate.TranslateText
          sign:
            accessKeyId: {{KeyId}}
            accessKeySecret: {{Secret}}
        {{signYaml}}
        - name: after
          kind: RequestAdaptor
          header:
            set: {{(between.Length > 0 ? between : "{}")}}
        - name: validator
          kind: Validator
          signature:
            accessKeys:
              {{KeyId}}: {{Secret}}
        - name: proxy
          kind: Proxy
          pools:
          - servers:
            - url: {{backendUrl}}
        """;

    private static HttpRequestMessage Json(string pathAndQuery = "/translate?lang=de") =>
        new(HttpMethod.Post, pathAndQuery) { Content = new StringContent("""{"Text": "hello"}""", Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Aws4_signs_what_a_reference_SigV4_verifier_accepts()
    {
        var clock = new ManualClock();
        await using var backend = await RecordingBackend.StartAsync("aws");
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, """
                apiProvider: aws4
                scopes: [us-east-1, translate]
            """), clock);

        using var request = Json();
        request.Headers.UserAgent.ParseAdd("client/1.0");
        request.Headers.ExpectContinue = true;
        using var response = await front.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Received);
        Assert.Equal("20260101T000000Z", received.Headers["X-Amz-Date"]);
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={KeyId}/20260101/us-east-1/translate/aws4_request, SignedHeaders=", received.Headers["Authorization"]);
        Assert.Contains(";host;", received.Headers["Authorization"]);
        Assert.Contains("x-amz-target", received.Headers["Authorization"]);
        Assert.DoesNotContain("user-agent", received.Headers["Authorization"]);
        Assert.DoesNotContain("expect", received.Headers["Authorization"]);
        Assert.True(new SigV4Reference(SigV4Names.Aws, KeyId, Secret, "us-east-1", "translate").Verifies(received));
        Assert.False(new SigV4Reference(SigV4Names.Aws, KeyId, "another secret", "us-east-1", "translate").Verifies(received));
        Assert.False(new SigV4Reference(SigV4Names.Aws, KeyId, Secret, "eu-west-1", "translate").Verifies(received));
    }

    [Fact]
    public async Task The_validator_verifies_what_the_adaptor_signed_and_refuses_it_once_a_signed_header_changed()
    {
        await using var backend = await RecordingBackend.StartAsync("service");
        await using (var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "    scopes: [orders]", between: "{X-Unsigned-Later: yes}")))
        {
            using var response = await front.Client.SendAsync(Json());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var received = Assert.Single(backend.Received);
            Assert.StartsWith($"HMAC-SHA256 Credential={KeyId}/", received.Headers["Authorization"]);
            Assert.True(received.Headers.ContainsKey("X-Date"));
        }

        await using (var front = await PipelineFront.StartAsync(Pipeline(backend.Url, "    scopes: [orders]", between: "{X-Amz-Target: Something.Else}")))
        {
            using var response = await front.Client.SendAsync(Json());
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Single(backend.Received);   // the first request only
        }
    }

    [Fact]
    public async Task ExcludeBody_and_a_streaming_body_sign_an_unsigned_payload()
    {
        await using var backend = await RecordingBackend.StartAsync("s3");
        await using var front = await PipelineFront.StartAsync(Pipeline(backend.Url, """
                apiProvider: aws4
                scopes: [us-east-1, s3]
                excludeBody: true
            """));

        using var response = await front.Client.SendAsync(Json("/bucket/key"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Received);
        Assert.Equal("UNSIGNED-PAYLOAD", received.Headers["X-Amz-Content-Sha256"]);
        Assert.Contains("x-amz-content-sha256", received.Headers["Authorization"]);
        Assert.True(new SigV4Reference(SigV4Names.Aws, KeyId, Secret, "us-east-1", "s3").Verifies(received));

        using var adaptor = TestSpecs.Create<IAsyncFilter>("RequestAdaptor", $"sign:\n  accessKeyId: {KeyId}\n  accessKeySecret: s");
        var streaming = Requests.Context("PUT", "/big");
        streaming.Request.Body = new MemoryStream(new byte[1000]);
        RequestBodies.LetStream(streaming);
        Assert.Equal("", await adaptor.HandleAsync(streaming));
        Assert.Equal("UNSIGNED-PAYLOAD", streaming.Request.Headers["X-Content-Sha256"].ToString());
        Assert.Equal(1000, streaming.Request.Body.Length);   // not read
    }

    [Theory]
    [InlineData("sign:\n  accessKeySecret: s", "filters[0].sign.accessKeyId: is required to sign")]
    [InlineData("sign:\n  accessKeyId: a", "filters[0].sign.accessKeySecret: is required to sign")]
    [InlineData("sign:\n  accessKeyId: a\n  accessKeySecret: s\n  apiProvider: gcp", "filters[0].sign.apiProvider: \"gcp\" is not a predefined signer configuration")]
    [InlineData("sign:\n  accessKeyId: a\n  accessKeySecret: s\n  apiProvider: aws4\n  literal: {date: X-D}", "filters[0].sign.literal: cannot be combined with apiProvider")]
    [InlineData("sign:\n  accessKeyId: a\n  accessKeySecret: s\n  scopes: [\"us/east\"]", "filters[0].sign.scopes[0]")]
    public void Bad_sign_specs_name_the_field(string yaml, string message) =>
        Assert.Contains(message, TestSpecs.FieldError("RequestAdaptor", yaml));
}
