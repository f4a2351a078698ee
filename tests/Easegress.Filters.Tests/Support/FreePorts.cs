using System.Net;
using System.Net.Sockets;

namespace Easegress.Filters.Tests.Support;

/// <summary>
/// Ports for the servers tests start, taken below the kernel's ephemeral range (<c>net.ipv4.ip_local_port_range</c>).
/// A port from <c>bind(0)</c> is an ephemeral one, and the kernel may hand it to some outgoing connection between the
/// test's pick and the server's bind: CI saw a cluster node fail with "address already in use" that way. Each test
/// process starts at a random place in the range below and counts up, skipping any port it cannot bind right now.
/// </summary>
public static class FreePorts
{
    private const int Lowest = 10000;
    private static readonly int Highest = EphemeralStart() - 1;
    private static int _next = Random.Shared.Next(Math.Max(1, Highest - Lowest + 1));

    public static int Next()
    {
        if (Highest <= Lowest) return Ephemeral();
        var span = (uint)(Highest - Lowest + 1);
        for (var tries = 0; tries < span; tries++)
        {
            var port = Lowest + (int)((uint)Interlocked.Increment(ref _next) % span);
            if (CanBind(port)) return port;
        }
        return Ephemeral();
    }

    private static bool CanBind(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int Ephemeral()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int EphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;   // Linux's default
        }
    }
}
