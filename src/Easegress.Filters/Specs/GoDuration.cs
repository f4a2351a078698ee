using System.Globalization;

namespace Easegress.Specs;

/// <summary>Durations written the way Easegress (Go) writes them: <c>500ms</c>, <c>10s</c>, <c>1m30s</c>, <c>2h</c>.</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0) return false;
        if (s == "0") return true;
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        double totalTicks = 0;
        var i = 0;
        if (s.Length == 0) return false;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            double ticksPerUnit = s[unitStart..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (ticksPerUnit < 0) return false;
            totalTicks += number * ticksPerUnit;
        }
        if (totalTicks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }

    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0s";
        if (value.Ticks % TimeSpan.TicksPerSecond != 0) return $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
        var total = (long)value.TotalSeconds;
        var h = total / 3600; var m = total % 3600 / 60; var sec = total % 60;
        return (h > 0 ? $"{h}h" : "") + (m > 0 ? $"{m}m" : "") + (sec > 0 || total == 0 ? $"{sec}s" : "");
    }
}
