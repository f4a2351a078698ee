using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Filters.Tests.Support;

/// <summary>
/// A private OpenLDAP server (Debian's <c>slapd</c>, installed by <c>scripts/test-deps.sh</c>) with its own config
/// and database in a temporary directory, listening on free loopback ports for plain LDAP (with StartTLS) and LDAPS
/// under a self-signed certificate; given a client authority, TLS clients must present a certificate it issued. It holds <c>uid=alice,ou=people,dc=example,dc=org</c> with password
/// <see cref="AlicePassword"/>. Disposing stops the server and removes the directory.
/// </summary>
internal sealed class PrivateSlapd : IDisposable
{
    public const string BaseDN = "ou=people,dc=example,dc=org";
    public const string AlicePassword = "alice-secret";
    private const string Slapd = "/usr/sbin/slapd";

    private readonly string _dir = Directory.CreateTempSubdirectory("slapd-").FullName;
    private readonly Process _process;

    public int Port { get; }
    public int SecurePort { get; }

    public PrivateSlapd(X509Certificate2? clientAuthority = null)
    {
        Assert.True(File.Exists(Slapd), "slapd is missing: run scripts/test-deps.sh (installs slapd and ldap-utils)");
        try
        {
            using var certificate = TestCertificates.Server("localhost", ["localhost"]);
            File.WriteAllText(Path.Combine(_dir, "server.pem"), TestCertificates.CertificatePem(certificate));
            File.WriteAllText(Path.Combine(_dir, "server.key"), TestCertificates.KeyPem(certificate));
            Directory.CreateDirectory(Path.Combine(_dir, "db"));
            var clientCheck = "";
            if (clientAuthority is not null)
            {
                File.WriteAllText(Path.Combine(_dir, "clients.pem"), TestCertificates.CertificatePem(clientAuthority));
                clientCheck = $"TLSCACertificateFile {_dir}/clients.pem\nTLSVerifyClient demand";
            }
            var config = Path.Combine(_dir, "slapd.conf");
            File.WriteAllText(config, $"""
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                pidfile {_dir}/slapd.pid
                argsfile {_dir}/slapd.args
                modulepath /usr/lib/ldap
                moduleload back_mdb
                TLSCertificateFile {_dir}/server.pem
                TLSCertificateKeyFile {_dir}/server.key
                {clientCheck}
                database mdb
                maxsize 10485760
                suffix "dc=example,dc=org"
                rootdn "cn=admin,dc=example,dc=org"
                rootpw admin-secret
                directory {_dir}/db

                """);
            var ldif = Path.Combine(_dir, "data.ldif");
            File.WriteAllText(ldif, $"""
                dn: dc=example,dc=org
                objectClass: dcObject
                objectClass: organization
                o: Example
                dc: example

                dn: {BaseDN}
                objectClass: organizationalUnit
                ou: people

                dn: uid=alice,{BaseDN}
                objectClass: inetOrgPerson
                uid: alice
                cn: Alice
                sn: Liddell
                userPassword: {AlicePassword}

                """);
            Run("/usr/sbin/slapadd", "-f", config, "-l", ldif);
            Port = FreePorts.Next();
            SecurePort = FreePorts.Next();
            var start = new ProcessStartInfo(Slapd)
            {
                // -d keeps slapd in the foreground (a child of this process) so it can be stopped by its id
                ArgumentList = { "-f", config, "-h", $"ldap://127.0.0.1:{Port}/ ldaps://127.0.0.1:{SecurePort}/", "-d", "0" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            _process = Process.Start(start)!;
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitForPort(Port);
            WaitForPort(SecurePort);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void WaitForPort(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"slapd exited with code {_process.ExitCode}");
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(50);
            }
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {error.Result}");
    }

    /// <summary>Stops the server (it can be started no more); checks against it then fail to connect.</summary>
    public void Stop()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
