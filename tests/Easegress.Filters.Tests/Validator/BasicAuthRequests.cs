using System.Text;
using Easegress.Protocols.Http;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

/// <summary>Requests with basic-auth credentials (and a forged <c>X-AUTH-USER</c>) run through a Validator.</summary>
internal static class BasicAuthRequests
{
    public static (string Result, RequestContext Context) Run(IFilter filter, string? user, string? password, string? raw = null)
    {
        var headers = new List<(string, string)> { ("X-AUTH-USER", "forged") };
        if (raw is not null) headers.Add(("Authorization", raw));
        else if (user is not null) headers.Add(("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))));
        var context = Requests.Context(headers: headers.ToArray());
        var result = filter is IAsyncFilter a ? a.HandleAsync(context).AsTask().GetAwaiter().GetResult() : ((ISyncFilter)filter).Handle(context);
        return (result, context);
    }

    /// <summary>The request passes and the backend would see the user's name, not the forged one.</summary>
    public static void AssertPasses(IFilter filter, string user, string password)
    {
        var (result, context) = Run(filter, user, password);
        Assert.Equal("", result);
        Assert.Equal(user, context.Request.Headers["X-AUTH-USER"].ToString());
    }

    /// <summary>The request is refused with 401 and a Basic challenge.</summary>
    public static void AssertRefused(IFilter filter, string? user, string? password, string? raw = null)
    {
        var (result, context) = Run(filter, user, password, raw);
        Assert.Equal(ValidatorKind.Invalid, result);
        Assert.Equal(401, context.Response!.StatusCode);
        Assert.StartsWith("Basic realm=", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("", context.Request.Headers["X-AUTH-USER"].ToString());
    }
}
