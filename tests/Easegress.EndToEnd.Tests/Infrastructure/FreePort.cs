using System.Net;
using System.Net.Sockets;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>Ports the operating system reports free right now.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
