using System.Text.RegularExpressions;
using Easegress.Filters.Specs;

namespace Easegress.Filters.Matching;

/// <summary>
/// Regular expressions written in specs. Easegress uses Go's RE2, which runs in linear time; the non-backtracking
/// engine gives the same guarantee here, and rejects what RE2 rejects too (backreferences, lookaround).
/// </summary>
public static class SpecRegex
{
    public static Regex Compile(string pattern, string path, bool ignoreCase = false)
    {
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (ignoreCase) options |= RegexOptions.IgnoreCase;
        try
        {
            return new Regex(pattern, options);
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
}
