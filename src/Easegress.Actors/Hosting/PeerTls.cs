using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Actors.Hosting;

/// <summary>Mutual TLS on the cluster transport: the certificate this member presents, and the check every peer's
/// certificate must pass (in both directions: a member accepts only peers that pass it, and joins only such).</summary>
public sealed record PeerTls(X509Certificate2 Certificate, Func<X509Certificate2?, SslPolicyErrors, bool> Trusts);
