namespace Easegress.Ctl.Commands;

/// <summary>
/// The two generations of egctl messages: the v1 commands report <c>create Pipeline p failed: 409: ...</c>, the
/// kubectl-style ones <c>create Pipeline p failed, 409: ...</c> as Easegress v2.5+ does.
/// </summary>
internal enum Dialect
{
    V1,
    V2,
}

internal static class DialectMessages
{
    public static string Failed(this Dialect dialect, string doing, string error) =>
        dialect == Dialect.V1 ? $"{doing} failed: {error}" : $"{doing} failed, {error}";
}
