using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Easegress.Filters;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

/// <summary>Where the Validator's <c>jwt</c> takes the token from: the cookie <c>cookieName</c> when the request has it
/// with a value, else <c>Authorization: Bearer</c> (Easegress's pkg/filters/validator/jwt.go).</summary>
public sealed class JwtCookieTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("mysecret");

    private static string Hs256(string payload)
    {
        var unsigned = $"{Base64Url.EncodeToString("""{"alg":"HS256"}"""u8)}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}";
        return $"{unsigned}.{Base64Url.EncodeToString(HMACSHA256.HashData(Secret, Encoding.ASCII.GetBytes(unsigned)))}";
    }

    private static string Run(params (string, string)[] headers)
    {
        using var filter = (ISyncFilter)TestSpecs.Create(TestSpecs.Filter<ValidatorSpec>(
            $"name: v\nkind: Validator\njwt:\n  algorithm: HS256\n  secret: {Convert.ToHexString(Secret)}\n  cookieName: auth\n"));
        return filter.Handle(Requests.Context(headers: headers));
    }

    [Fact]
    public void An_empty_cookie_leaves_the_token_to_the_authorization_header()
    {
        var good = Hs256("""{"sub":"u"}""");
        Assert.Equal("", Run(("Cookie", "auth="), ("Authorization", "Bearer " + good)));
        Assert.Equal("", Run(("Cookie", "other=x"), ("Authorization", "Bearer " + good)));
        Assert.Equal(ValidatorKind.Invalid, Run(("Cookie", "auth=")));
        // A cookie with a value is the token, even when the header holds a good one.
        Assert.Equal(ValidatorKind.Invalid, Run(("Cookie", "auth=bad"), ("Authorization", "Bearer " + good)));
        Assert.Equal("", Run(("Cookie", "auth=" + good), ("Authorization", "Bearer bad")));
    }
}
