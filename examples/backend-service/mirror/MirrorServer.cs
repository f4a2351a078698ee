using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Easegress.Examples.Mirror;

/// <summary>One listener of the mirror: a small Kestrel app on one port that echoes every request.</summary>
internal static class MirrorServer
{
    public static WebApplication Build(string host, int port, TextWriter log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (host == "localhost")
            {
                kestrel.ListenLocalhost(port);
            }
            else if (host is "0.0.0.0" or "*")
            {
                kestrel.ListenAnyIP(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(host.Trim('[', ']')), port);
            }
        });

        var app = builder.Build();
        app.Run(http => EchoAsync(http, log));
        return app;
    }

    private static async Task EchoAsync(HttpContext http, TextWriter log)
    {
        var request = http.Request;
        string body;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            body = $"<read failed: {e.Message}>";
        }

        var url = $"{request.PathBase.Value}{request.Path.Value}{request.QueryString.Value}";
        var text = RequestEcho.Format(request.Method, url, request.Headers, body);

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.Now:yyyy/MM/dd HH:mm:ss} :{http.Connection.LocalPort} {request.Method} {url} from {http.Connection.RemoteIpAddress}:{http.Connection.RemotePort} ({Encoding.UTF8.GetByteCount(body)} bytes)"));

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(text);
        http.Response.ContentLength = bytes.Length;
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
    }
}
