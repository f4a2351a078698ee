using System.Security.Cryptography;
using System.Text;
using Easegress.Node.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Easegress.Node.Admin;

/// <summary>Who may use the admin API: where it listens, TLS and client certificates, and HTTP basic authentication
/// (Easegress's <c>api-addr</c>, <c>tls</c>, <c>cert-file</c>, <c>key-file</c>, <c>client-ca-file</c>, <c>basic-auth</c>).</summary>
public static class AdminAccess
{
    public const string Realm = "easegress-basic-auth";

    public static void Listen(KestrelServerOptions kestrel, ServerOptions options)
    {
        var api = HostPort.Parse(options.ApiAddr, "--api-addr");
        Action<ListenOptions> tls = listen => UseTls(listen, options);
        if (api.Host == "localhost") kestrel.ListenLocalhost(api.Port, tls);
        else if (api.Host is "0.0.0.0" or "::") kestrel.ListenAnyIP(api.Port, tls);
        else kestrel.Listen(System.Net.IPAddress.Parse(api.Host), api.Port, tls);
    }

    private static void UseTls(ListenOptions listen, ServerOptions options)
    {
        if (!options.Tls) return;
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = AdminTls.ServerCertificate(options),
            SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        };
        if (options.ClientCaFile.Length > 0)
        {
            var ca = AdminTls.ClientCa(options);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, errors) => PemFiles.IssuedBy(certificate, ca, errors);
        }
        listen.UseHttps(https);
    }

    /// <summary>Answers 401 with <c>WWW-Authenticate</c> unless the request carries one of the configured users.</summary>
    public static void RequireBasicAuth(WebApplication app, IReadOnlyDictionary<string, string> users)
    {
        if (users.Count == 0) return;
        var accepted = users.Select(kv => Encoding.UTF8.GetBytes($"{kv.Key}:{kv.Value}")).ToList();
        app.Use(async (http, next) =>
        {
            if (Authorized(http.Request.Headers.Authorization.ToString(), accepted))
            {
                await next(http);
                return;
            }
            http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\"";
            await AdminResponse.Error(http, 401, "unauthorized: the admin API needs a user and password").ExecuteAsync(http);
        });
    }

    private static bool Authorized(string header, List<byte[]> accepted)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try { given = Convert.FromBase64String(header[6..].Trim()); }
        catch (FormatException) { return false; }
        var ok = false;
        foreach (var user in accepted) ok |= CryptographicOperations.FixedTimeEquals(given, user);
        return ok;
    }
}
