namespace Easegress.Listeners;

/// <summary>
/// The TLS credentials of a listener, replaceable while it runs: every handshake reads the current ones, so an update
/// that changes only certificates needs no new listener and drops no connection.
/// </summary>
public sealed class ListenerTls
{
    private volatile TlsCredentials? _credentials;

    public ListenerTls(TlsCredentials credentials) => _credentials = credentials;

    public TlsCredentials Credentials
    {
        get => _credentials!;
        set => _credentials = value;
    }
}
