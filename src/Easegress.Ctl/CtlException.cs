namespace Easegress.Ctl;

/// <summary>
/// A failure whose message is ready for the user: egctl prints it to standard error and exits with
/// <see cref="ExitCodes.Failure"/>.
/// </summary>
internal class CtlException : Exception
{
    public CtlException(string message) : base(message) { }

    public CtlException(string message, Exception inner) : base(message, inner) { }
}
