using System.Text.RegularExpressions;
using Easegress.Specs;

namespace Easegress.Matching;

/// <summary>
/// Regular expressions written in specs. Easegress uses Go's RE2, which runs in linear time; the non-backtracking
/// engine gives the same guarantee here, and rejects what RE2 rejects too (backreferences, lookaround). Go's
/// <c>(?P&lt;name&gt;…)</c> named groups are read as .NET's <c>(?&lt;name&gt;…)</c>.
/// </summary>
public static class SpecRegex
{
    public static Regex Compile(string pattern, string path, bool ignoreCase = false)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        try
        {
            return new Regex(GoNamedGroups(pattern), options);
        }
        catch (ArgumentException e)
        {
            throw new SpecException(path, $"invalid regular expression: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new SpecException(path, $"regular expression not supported (RE2 syntax only): {e.Message}");
        }
    }

    /// <summary>Rewrites each unescaped <c>(?P&lt;</c> as <c>(?&lt;</c>.</summary>
    private static string GoNamedGroups(string pattern)
    {
        var at = pattern.IndexOf("(?P<", StringComparison.Ordinal);
        if (at < 0) return pattern;
        var text = new System.Text.StringBuilder(pattern.Length);
        var copied = 0;
        for (; at >= 0; at = pattern.IndexOf("(?P<", at + 1, StringComparison.Ordinal))
        {
            var backslashes = 0;
            while (at - backslashes > 0 && pattern[at - backslashes - 1] == '\\') backslashes++;
            if (backslashes % 2 == 1) continue;
            text.Append(pattern, copied, at + 2 - copied);
            copied = at + 3;   // drops the P
        }
        return text.Append(pattern, copied, pattern.Length - copied).ToString();
    }
}
