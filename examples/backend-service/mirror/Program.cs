using System.Net;
using System.Runtime.InteropServices;
using Easegress.Examples.Mirror;
using Microsoft.AspNetCore.Builder;

MirrorOptions options;
try
{
    options = MirrorOptions.Parse(args, Environment.GetEnvironmentVariable("MIRROR_PORTS"));
}
catch (FormatException e)
{
    Console.Error.WriteLine($"mirror: {e.Message}");
    Console.Error.WriteLine(MirrorOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(MirrorOptions.Usage);
    return 0;
}

if (options.Host is not ("localhost" or "0.0.0.0" or "*") && !IPAddress.TryParse(options.Host.Trim('[', ']'), out _))
{
    Console.Error.WriteLine($"mirror: --host: \"{options.Host}\" is not an IP address, localhost or 0.0.0.0");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var log = Console.Out;
var running = new List<WebApplication>();
foreach (var port in options.Ports)
{
    var app = MirrorServer.Build(options.Host, port, log);
    try
    {
        await app.StartAsync();
        running.Add(app);
        log.WriteLine($"mirror listening on {string.Join(", ", app.Urls)}");
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"mirror: port {port} skipped: {e.Message}");
        await app.DisposeAsync();
    }
}

if (running.Count == 0)
{
    Console.Error.WriteLine("mirror: no port could be opened");
    return 1;
}

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C or SIGTERM.
}

foreach (var app in running)
{
    await app.StopAsync();
    await app.DisposeAsync();
}

return 0;
