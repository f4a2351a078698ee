namespace Easegress.Filters.RateLimiter;

/// <summary>The answer of a <see cref="PermitLimiter"/>: refused, or granted once <see cref="Wait"/> has passed.</summary>
internal readonly record struct Permit(bool Granted, TimeSpan Wait)
{
    public static readonly Permit Now = new(true, TimeSpan.Zero);
    public static readonly Permit Refused = new(false, TimeSpan.Zero);
}
