using System.Formats.Asn1;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Validator;

/// <summary>
/// Checks a user by binding to an LDAP directory as <c>{uid}={user},{baseDN}</c> with the password given (one
/// connection per check, as Easegress does). The connection is LDAPS when <c>useSSL</c>, else plain LDAP upgraded by
/// StartTLS unless <c>skipTLS</c>; TLS is 1.2 or 1.3, the server certificate is checked against the system's
/// authorities and <c>serverName</c> (default <c>host</c>) unless <c>insecure</c>, and <c>certBase64</c>/<c>keyBase64</c>
/// are offered as a client certificate. An empty password is refused without asking the server: LDAP treats a bind
/// with a name and no password as an anonymous bind, which succeeds (RFC 4513 §5.1.2). The user name is escaped as a
/// DN attribute value (RFC 4514), so it cannot add or change DN components. The whole exchange waits on no thread
/// and gives up after <see cref="Timeout"/>.
/// </summary>
internal sealed class LdapUsers : IUserDirectory
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly LdapSpec _spec;
    private readonly ILogger _logger;
    private readonly X509Certificate2Collection? _clientCertificates;

    public LdapUsers(LdapSpec spec, ILogger logger)
    {
        _spec = spec;
        _logger = logger;
        if (spec.ClientCertificate() is { } certificate) _clientCertificates = [certificate];
    }

    public async ValueTask<bool> VerifyAsync(string user, string password)
    {
        if (password.Length == 0) return false;
        var dn = $"{_spec.Uid}={EscapeDnValue(user)},{_spec.BaseDN}";
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(_spec.Host, _spec.Port, timeout.Token);
            Stream stream = client.GetStream();
            if (_spec.UseSSL) stream = await SecureAsync(stream, timeout.Token);
            else if (!_spec.SkipTLS)
            {
                await stream.WriteAsync(LdapMessages.StartTls(1), timeout.Token);
                var (tlsCode, tlsMessage) = await LdapMessages.ReadResultAsync(stream, 1, extended: true, timeout.Token);
                if (tlsCode != LdapMessages.Success) throw new AuthenticationException($"StartTLS refused ({tlsCode}): {tlsMessage}");
                stream = await SecureAsync(stream, timeout.Token);
            }
            await using (stream)
            {
                await stream.WriteAsync(LdapMessages.SimpleBind(2, dn, password), timeout.Token);
                var (code, message) = await LdapMessages.ReadResultAsync(stream, 2, extended: false, timeout.Token);
                if (code == LdapMessages.Success) return true;
                if (code != LdapMessages.InvalidCredentials)
                    _logger.LogWarning("basicAuth LDAP {Host}:{Port} refused the bind of {Dn} with code {Code}: {Message}", _spec.Host, _spec.Port, dn, code, message);
                return false;
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            _logger.LogWarning("basicAuth LDAP {Host}:{Port} cannot check {User}: no answer within {Timeout} s", _spec.Host, _spec.Port, user, Timeout.TotalSeconds);
            return false;
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException
                                       or InvalidDataException or AsnContentException)
        {
            _logger.LogWarning("basicAuth LDAP {Host}:{Port} cannot check {User}: {Reason}", _spec.Host, _spec.Port, user, (e.InnerException ?? e).Message);
            return false;
        }
    }

    private async ValueTask<SslStream> SecureAsync(Stream inner, CancellationToken cancellationToken)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = string.IsNullOrEmpty(_spec.ServerName) ? _spec.Host : _spec.ServerName,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificates = _clientCertificates,
            RemoteCertificateValidationCallback = _spec.Insecure ? (_, _, _, _) => true : null,
        }, cancellationToken);
        return tls;
    }

    /// <summary>Escapes an attribute value of a distinguished name (RFC 4514 §2.4).</summary>
    internal static string EscapeDnValue(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is ',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='
                || (c is ' ' && (i == 0 || i == value.Length - 1)) || (c is '#' && i == 0))
                text.Append('\\').Append(c);
            else if (c == '\0') text.Append("\\00");
            else text.Append(c);
        }
        return text.ToString();
    }
}
