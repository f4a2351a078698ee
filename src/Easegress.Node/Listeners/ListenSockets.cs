using System.Net;
using System.Net.Sockets;

namespace Easegress.Node.Listeners;

/// <summary>
/// The node's listening sockets, one per address and port, shared by the Kestrel servers that take turns on them.
/// A listener with new options starts accepting on the very socket its predecessor accepts on (Kestrel does not own a
/// socket it is handed, so stopping one server leaves the socket open for the next), then the predecessor stops and drains: connections waiting in the socket's
/// backlog are never reset, and no connection is refused while an HTTPServer changes — as NGINX hands its
/// sockets from old workers to new ones. A second HTTPServer on a port in use is refused.
/// </summary>
public sealed class ListenSockets
{
    private sealed class Entry(Socket socket)
    {
        public Socket Socket { get; } = socket;
        public object? Owner { get; set; }
        public int Users { get; set; }
    }

    private readonly Dictionary<(string Address, int Port), Entry> _sockets = new();

    /// <summary>The descriptor of the socket for <paramref name="endpoint"/>, now held by <paramref name="owner"/>.
    /// Call <see cref="Release"/> when that owner's server has stopped; the last release closes the socket.</summary>
    public ulong Acquire(IPEndPoint endpoint, object owner, object? replacing)
    {
        var key = (endpoint.Address.ToString(), endpoint.Port);
        lock (_sockets)
        {
            if (_sockets.TryGetValue(key, out var entry))
            {
                if (entry.Owner != replacing)
                    throw new IOException($"address {endpoint} is already used by another listener on this node");
            }
            else
            {
                entry = new Entry(Open(endpoint));
                _sockets[key] = entry;
            }
            entry.Owner = owner;
            entry.Users++;
            return (ulong)entry.Socket.Handle;
        }
    }

    public void Release(IPEndPoint endpoint, object owner)
    {
        var key = (endpoint.Address.ToString(), endpoint.Port);
        lock (_sockets)
        {
            if (!_sockets.TryGetValue(key, out var entry)) return;
            if (entry.Owner == owner) entry.Owner = null;
            if (--entry.Users > 0) return;
            entry.Socket.Dispose();
            _sockets.Remove(key);
        }
    }

    private static Socket Open(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endpoint);
            socket.Listen(1024);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
