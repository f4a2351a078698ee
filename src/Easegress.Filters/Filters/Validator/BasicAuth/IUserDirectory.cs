namespace Easegress.Filters.Validator;

/// <summary>Where basic-auth users are checked: an htpasswd file or an LDAP directory.</summary>
internal interface IUserDirectory
{
    /// <summary>True when <paramref name="user"/> exists and <paramref name="password"/> is theirs. Runs off the
    /// stream's thread: a check may cost real CPU (bcrypt) or wait for the network (an LDAP bind).</summary>
    ValueTask<bool> VerifyAsync(string user, string password);
}
