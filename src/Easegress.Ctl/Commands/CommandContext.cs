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
