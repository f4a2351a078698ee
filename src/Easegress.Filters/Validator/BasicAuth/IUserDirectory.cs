namespace Easegress.Filters.Validator.BasicAuth;

/// <summary>Where basic-auth users are checked: an htpasswd file or an LDAP directory.</summary>
internal interface IUserDirectory
{
    /// <summary>True when <paramref name="user"/> exists and <paramref name="password"/> is theirs. May block (file
    /// reads, bcrypt, a network bind), so the Validator runs off the stream's thread.</summary>
    bool Verify(string user, string password);
}
