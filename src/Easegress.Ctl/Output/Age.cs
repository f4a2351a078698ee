using System.Globalization;

namespace Easegress.Ctl.Output;

/// <summary>How long ago something happened, in its most significant unit (<c>3d</c>, <c>5h</c>, <c>10m</c>, <c>42s</c>).</summary>
internal static class Age
{
    public const string Unknown = "unknown";

    /// <summary>The age of an RFC 3339 time, or <see cref="Unknown"/> when it is missing or unreadable.</summary>
    public static string Since(string? rfc3339, DateTimeOffset now) =>
        DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var then)
            ? Of(now - then)
            : Unknown;

    public static string Of(TimeSpan age)
    {
        if (age.TotalDays >= 1)
        {
            return $"{Math.Round(age.TotalDays):0}d";
        }

        if (age.TotalHours >= 1)
        {
            return $"{Math.Round(age.TotalHours):0}h";
        }

        if (age.TotalMinutes >= 1)
        {
            return $"{Math.Round(age.TotalMinutes):0}m";
        }

        return age.TotalSeconds >= 1 ? $"{Math.Round(age.TotalSeconds):0}s" : "0s";
    }
}
