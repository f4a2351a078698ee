using System.Text.Json;
using System.Text.Json.Nodes;
using Easegress.Ctl.Output;

namespace Easegress.Ctl.Commands;

/// <summary>What a command's action works with: the console, a client for the chosen server, the output format.</summary>
internal sealed class CommandContext(CtlConsole console, AdminClient admin, OutputFormat format) : IDisposable
{
    public CtlConsole Console { get; } = console;

    public AdminClient Admin { get; } = admin;

    public OutputFormat Format { get; } = format;

    /// <summary>
    /// For reads: prints the answer's body in the output format, or the server's error as
    /// <c>&lt;code&gt;: &lt;message&gt;</c> on standard error.
    /// </summary>
    public int PrintReply(AdminReply reply)
    {
        if (!reply.IsSuccess)
        {
            return Fail(reply.ErrorText);
        }

        DocumentOutput.Write(Console.Out, reply.Body, Format);
        return ExitCodes.Success;
    }

    /// <summary>
    /// For the kubectl-style commands: sends <paramref name="request"/> and answers the JSON body, or fails with
    /// <c>&lt;doing&gt; failed, &lt;code&gt;: &lt;message&gt;</c> (<paramref name="doing"/> is e.g. <c>get Pipeline demo</c>).
    /// </summary>
    public static async Task<JsonNode?> ReadJsonAsync(Task<AdminReply> request, string doing)
    {
        AdminReply reply;
        try
        {
            reply = await request.ConfigureAwait(false);
        }
        catch (AdminUnreachableException e)
        {
            throw new CtlException($"{doing} failed, {e.Message}", e);
        }

        if (!reply.IsSuccess)
        {
            throw new CtlException($"{doing} failed, {reply.ErrorText}");
        }

        try
        {
            return reply.Body.Length == 0 ? null : JsonNode.Parse(reply.Body);
        }
        catch (JsonException e)
        {
            throw new CtlException($"{doing} failed, the server's answer is not JSON: {e.Message}", e);
        }
    }

    /// <summary>Prints a JSON value in the chosen format (YAML for <see cref="OutputFormat.Default"/>).</summary>
    public void PrintJson(JsonNode? value) =>
        DocumentOutput.Write(Console.Out, value?.ToJsonString() ?? "null", Format);

    public int Succeed(string message)
    {
        Console.Out.WriteLine(message);
        return ExitCodes.Success;
    }

    public int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.Failure;
    }

    public void Dispose() => Admin.Dispose();
}
