using System.Net.Sockets;
using Easegress.EndToEnd.Tests.Infrastructure;
using Easegress.Filters.Tests.Support;

namespace Easegress.EndToEnd.Tests;

/// <summary>Operators start the server from anywhere (systemd starts it in /): where it starts must not matter.</summary>
public sealed class WorkingDirectoryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eg-cwd-").FullName;

    [Fact]
    public async Task TheServerNeitherReadsNorWatchesItsWorkingDirectory()
    {
        for (var i = 0; i < 50; i++) Directory.CreateDirectory(Path.Combine(_directory, $"d{i}", "sub", "deeper"));
        var strayPort = FreePorts.Next();
        await File.WriteAllTextAsync(Path.Combine(_directory, "appsettings.json"),
            $$"""{ "Kestrel": { "Endpoints": { "stray": { "Url": "http://127.0.0.1:{{strayPort}}" } } } }""");

        using var node = ServerNode.Create("eg-cwd", workingDirectory: _directory);
        await node.WaitReadyAsync();

        Assert.Equal(0, InotifyWatches(node.Process.Id));
        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", strayPort));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);

        // a file written below the working directory changes nothing either
        await File.WriteAllTextAsync(Path.Combine(_directory, "d7", "sub", "note.txt"), "x");
        Assert.Equal(0, InotifyWatches(node.Process.Id));
    }

    /// <summary>Watches held by the process's inotify descriptors, from /proc (one "inotify wd:" line each).</summary>
    private static int InotifyWatches(int pid)
    {
        var watches = 0;
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            string? target;
            try { target = new FileInfo(fd).LinkTarget; }
            catch (IOException) { continue; }   // closed meanwhile
            if (target != "anon_inode:inotify") continue;
            try { watches += File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify wd:")); }
            catch (IOException) { }
        }
        return watches;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
