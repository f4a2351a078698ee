using System.Net;
using System.Text;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

/// <summary>The Validator's <c>signature</c>, checked against requests signed by <see cref="SigV4Reference"/> (written
/// from AWS's specification) and against AWS's own published example.</summary>
public sealed class SignatureValidatorTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private const string AwsLiterals = """
          literal:
            scopeSuffix: aws4_request
            algorithmName: X-Amz-Algorithm
            algorithmValue: AWS4-HMAC-SHA256
            signedHeaders: X-Amz-SignedHeaders
            signature: X-Amz-Signature
            date: X-Amz-Date
            expires: X-Amz-Expires
            credential: X-Amz-Credential
            contentSha256: X-Amz-Content-Sha256
            signingKeyPrefix: AWS4
        """;

    private static IFilter Validator(string signatureYaml, TimeProvider? time = null, string more = "")
    {
        var spec = TestSpecs.Filter<ValidatorSpec>(
            $"name: v\nkind: Validator\n{more}\nsignature:\n  accessKeys:\n    {KeyId}: {Secret}\n{signatureYaml}\n");
        var environment = FilterEnvironment.Create();
        return TestSpecs.Create(spec, time is null ? environment : new FilterEnvironment { Forwarder = environment.Forwarder, Time = time });
    }

    /// <summary>A front running the validator, then a Mock answering 200 to what it lets through.</summary>
    private static Task<FilterFront> Front(IFilter validator) =>
        FilterFront.StartAsync(validator, TestSpecs.Create<IFilter>("Mock", "rules:\n- match: {}\n  code: 200"));

    private static SigV4Reference Aws(string secret = Secret) => new(SigV4Names.Aws, KeyId, secret, "us-east-1", "service");

    private static async Task<string> RunAsync(IFilter filter, RequestContext context) =>
        await Assert.IsAssignableFrom<IAsyncFilter>(filter).HandleAsync(context);

    [Theory]
    // AWS's example "GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08" (Signature Version 4 signing
    // process documentation) and the test suite's get-vanilla; both dated 20150830T123600Z.
    [InlineData("iam.amazonaws.com", "?Action=ListUsers&Version=2010-05-08", "application/x-www-form-urlencoded; charset=utf-8",
        "us-east-1/iam", "content-type;host;x-amz-date", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")]
    [InlineData("example.amazonaws.com", null, null,
        "us-east-1/service", "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    public async Task Aws_published_examples_pass(string host, string? query, string? contentType, string scope, string signedHeaders, string signature)
    {
        using var validator = Validator(AwsLiterals);
        var headers = new List<(string, string)>
        {
            ("X-Amz-Date", "20150830T123600Z"),
            ("Authorization", $"AWS4-HMAC-SHA256 Credential={KeyId}/20150830/{scope}/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}"),
        };
        if (contentType is not null) headers.Add(("Content-Type", contentType));

        Assert.Equal("", await RunAsync(validator, Requests.Context("GET", "/", host, query, [.. headers])));

        var wrong = signature[..^1] + (signature[^1] == '0' ? '1' : '0');
        headers[1] = ("Authorization", $"AWS4-HMAC-SHA256 Credential={KeyId}/20150830/{scope}/aws4_request, SignedHeaders={signedHeaders}, Signature={wrong}");
        var tampered = Requests.Context("GET", "/", host, query, [.. headers]);
        Assert.Equal(ValidatorKind.Invalid, await RunAsync(validator, tampered));
        Assert.Equal(401, tampered.Response!.StatusCode);
    }

    private static HttpRequestMessage Post(FilterFront front, string pathAndQuery, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(front.Client.BaseAddress!, pathAndQuery))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Tenant", "t-42");
        return request;
    }

    [Fact]
    public async Task A_request_signed_by_a_reference_SigV4_signer_passes_in_the_header_and_in_the_query()
    {
        await using var front = await Front(Validator(AwsLiterals));
        var now = DateTimeOffset.UtcNow;

        using var signed = Post(front, "/orders/a%20b/42?b=2&a=x%20y&a=1&empty=&tilde=~ok", """{"order": 1}""");
        await Aws().SignAsync(signed, now);
        using (var response = await front.Client.SendAsync(signed))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mocked", front.NextResult());

        using var presigned = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Client.BaseAddress!, "/files/report.pdf?version=3"));
        await Aws().PresignAsync(presigned, now, TimeSpan.FromMinutes(5));
        using (var response = await front.Client.SendAsync(presigned))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("mocked", front.NextResult());
    }

    // curl 7.88 (Debian 12) signs the query as written instead of sorted, against the specification; a query in order
    // is the same either way. (Our verifier sorts, as AWS does: "?b=2&a=1" from this curl gets 401, as it would at AWS.)
    [Theory]
    [InlineData("/pipeline")]
    [InlineData("/pipeline/orders?a=1&b=2", "--data", "{\"order\": 1}", "-H", "Content-Type: application/json")]
    public async Task A_request_signed_by_curl_aws_sigv4_passes(string pathAndQuery, params string[] more)
    {
        await using var front = await Front(Validator(AwsLiterals + "\n  ttl: 15m"));

        async Task<string> Curl(string user)
        {
            var start = new System.Diagnostics.ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["-s", "-o", "/dev/null", "-w", "%{http_code}", "--aws-sigv4", "aws:amz:us-east-1:service",
                         "--user", user, .. more, front.Url + pathAndQuery])
                start.ArgumentList.Add(arg);
            using var curl = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("curl did not start (scripts/test-deps.sh installs it)");
            var status = await curl.StandardOutput.ReadToEndAsync();
            await curl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return status;
        }

        Assert.Equal("200", await Curl($"{KeyId}:{Secret}"));
        Assert.Equal("401", await Curl($"{KeyId}:not-the-secret"));
    }

    [Fact]
    public async Task Easegress_default_literals_are_X_Date_and_HMAC_SHA256_with_no_key_prefix()
    {
        await using var front = await Front(Validator(""));
        var easegress = new SigV4Reference(SigV4Names.Easegress, KeyId, Secret, "cn-north-1", "orders");

        using var signed = Post(front, "/orders?id=7", "{}");
        await easegress.SignAsync(signed, DateTimeOffset.UtcNow);
        using (var response = await front.Client.SendAsync(signed))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var presigned = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Client.BaseAddress!, "/orders/7"));
        await easegress.PresignAsync(presigned, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        using (var response = await front.Client.SendAsync(presigned))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var aws = Post(front, "/orders?id=7", "{}");
        await Aws().SignAsync(aws, DateTimeOffset.UtcNow);
        using (var response = await front.Client.SendAsync(aws))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_tampered_missing_and_unknown_signatures_get_an_empty_401()
    {
        var clock = new ManualClock();
        await using var front = await Front(Validator(AwsLiterals + "\n  ttl: 5m", clock));
        var signedAt = clock.GetUtcNow();

        async Task<HttpStatusCode> Send(HttpRequestMessage request)
        {
            using var response = await front.Client.SendAsync(request);
            Assert.Equal("", await response.Content.ReadAsStringAsync());   // never says which check failed
            return response.StatusCode;
        }

        async Task<HttpRequestMessage> Signed(string body = "{}", SigV4Reference? signer = null, DateTimeOffset? at = null)
        {
            var request = Post(front, "/orders", body);
            await (signer ?? Aws()).SignAsync(request, at ?? signedAt);
            return request;
        }

        Assert.Equal(HttpStatusCode.OK, await Send(await Signed()));

        // tampered: the body, a signed header, the signature itself
        var body = await Signed();
        body.Content = new StringContent("{\"order\": 2}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(body));
        var header = await Signed();
        header.Headers.Remove("X-Tenant");
        header.Headers.Add("X-Tenant", "t-43");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(header));
        var signature = await Signed();
        var authorization = signature.Headers.GetValues("Authorization").Single();
        signature.Headers.Remove("Authorization");
        signature.Headers.TryAddWithoutValidation("Authorization", authorization[..^4] + "0000");
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(signature));
        // a header that was not signed may change
        var unsigned = await Signed();
        unsigned.Headers.UserAgent.ParseAdd("curl/8.0");
        Assert.Equal(HttpStatusCode.OK, await Send(unsigned));

        // the host left out of the signature (AWS refuses that too)
        var hostless = Post(front, "/orders", "{}");
        await Aws().SignAsync(hostless, signedAt, signHost: false);
        Assert.DoesNotContain("host", hostless.Headers.GetValues("Authorization").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(hostless));

        // missing, or signed with a key the gateway does not know
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(Post(front, "/orders", "{}")));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(await Signed(signer: Aws("another secret"))));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(await Signed(signer: new SigV4Reference(SigV4Names.Aws, "AKIDOTHER", Secret, "us-east-1", "service"))));

        // expired: beyond the ttl either way
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(await Signed(at: signedAt.AddMinutes(6))));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, await Send(await Signed(at: signedAt)));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(await Signed(at: signedAt)));

        // a presigned URL past its own expiry, though within the ttl
        var presigned = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Client.BaseAddress!, "/files/a"));
        await Aws().PresignAsync(presigned, clock.GetUtcNow().AddSeconds(-90), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send(presigned));
        var fresh = new HttpRequestMessage(HttpMethod.Get, new Uri(front.Client.BaseAddress!, "/files/a"));
        await Aws().PresignAsync(fresh, clock.GetUtcNow().AddSeconds(-30), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, await Send(fresh));
    }

    [Fact]
    public async Task ExcludeBody_verifies_an_unsigned_payload_whatever_the_body()
    {
        await using var front = await Front(Validator(AwsLiterals + "\n  excludeBody: true"));

        var request = Post(front, "/upload", "first body");
        await Aws().SignAsync(request, DateTimeOffset.UtcNow, unsignedPayload: true);
        request.Content = new StringContent("another body", Encoding.UTF8, "application/json");
        using var response = await front.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var hashed = Post(front, "/upload", "first body");
        await Aws().SignAsync(hashed, DateTimeOffset.UtcNow);
        using var refused = await front.Client.SendAsync(hashed);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Every_configured_method_must_pass()
    {
        await using var front = await Front(Validator(AwsLiterals, more: """
            headers:
              X-Tenant:
                regexp: "^t-"
            """));

        var signed = Post(front, "/orders", "{}");
        await Aws().SignAsync(signed, DateTimeOffset.UtcNow);
        using (var response = await front.Client.SendAsync(signed)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var wrongTenant = Post(front, "/orders", "{}");
        wrongTenant.Headers.Remove("X-Tenant");
        wrongTenant.Headers.Add("X-Tenant", "x-1");
        await Aws().SignAsync(wrongTenant, DateTimeOffset.UtcNow);
        using (var response = await front.Client.SendAsync(wrongTenant)) Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        using (var response = await front.Client.SendAsync(Post(front, "/orders", "{}"))) Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("signature: {}", "filters[0].signature.accessKeys: is required")]
    [InlineData("signature:\n  accessKeys: {AK: s}\n  ttl: soon", "filters[0].signature.ttl: must be a duration")]
    [InlineData("signature:\n  accessKeys: {AK: s}\n  literal: {date: X Date}", "filters[0].signature.literal.date")]
    [InlineData("signature:\n  accessKeys: {AK: s}\n  literal: {algorithm: x}", "filters[0].signature.literal.algorithm: unknown field")]
    [InlineData("signature:\n  accessKeys: {\"a/b\": s}", "filters[0].signature.accessKeys")]
    public void Bad_signature_specs_name_the_field(string yaml, string message) =>
        Assert.Contains(message, TestSpecs.FieldError("Validator", yaml));
}
