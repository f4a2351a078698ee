namespace Easegress.Ctl;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Any failure: bad input, an error answer from the server, or no connection.</summary>
    public const int Failure = 1;
}
