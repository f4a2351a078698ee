using System.Net;

namespace Easegress.Ctl.Tests;

public sealed class AdminReplyTests
{
    [Theory]
    [InlineData(HttpStatusCode.Conflict, """{"code":409,"message":"conflict name: a"}""", "409: conflict name: a")]
    [InlineData(HttpStatusCode.BadRequest, """{"code":400,"message":"filters[1].pools[0].servers[0].url: not a URL"}""",
        "400: filters[1].pools[0].servers[0].url: not a URL")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "503: Service Unavailable")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>\n", "502: <html>bad gateway</html>")]
    [InlineData(HttpStatusCode.Unauthorized, """{"message":"unauthorized"}""", "401: unauthorized")]
    [InlineData(HttpStatusCode.NotFound, "[1,2]", "404: [1,2]")]
    public void Error_text_is_code_and_message(HttpStatusCode status, string body, string expected)
    {
        Assert.Equal(expected, new AdminReply(status, body).ErrorText);
    }
}
