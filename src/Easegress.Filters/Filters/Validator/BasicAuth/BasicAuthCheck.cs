using Easegress.Protocols.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Validator;

/// <summary>
/// The <c>basicAuth</c> check of a Validator: the request's <c>Authorization: Basic</c> credentials must name a user
/// of the directory with the right password. On success the user name goes to the request header
/// <c>X-AUTH-USER</c> (replacing any the client sent); on failure the Validator answers 401 with
/// <c>WWW-Authenticate: Basic realm="easegress"</c>, the same whatever was wrong.
/// </summary>
internal sealed class BasicAuthCheck : ICredentialCheck
{
    public const string UserHeader = "X-AUTH-USER";
    public const string Challenge = "Basic realm=\"easegress\", charset=\"UTF-8\"";

    private readonly IUserDirectory _users;

    private BasicAuthCheck(IUserDirectory users) => _users = users;

    public static BasicAuthCheck Create(BasicAuthSpec spec, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Easegress.Validator.BasicAuth");
        IUserDirectory users = spec.Mode == BasicAuthSpec.LdapMode
            ? new LdapUsers(spec.Ldap!, logger)
            : new HtpasswdUsers(string.IsNullOrEmpty(spec.UserFile) ? BasicAuthSpec.DefaultUserFile : spec.UserFile, time, logger);
        return new BasicAuthCheck(users);
    }

    public async ValueTask<bool> PassesAsync(RequestContext context)
    {
        var request = context.Request;
        request.Headers.Remove(UserHeader);
        if (BasicCredentials.From(request) is not { } credentials || !await _users.VerifyAsync(credentials.User, credentials.Password))
        {
            context.Respond(401).Headers.WWWAuthenticate = Challenge;
            return false;
        }
        request.Headers[UserHeader] = credentials.User;
        return true;
    }

    public void Dispose() { }
}
