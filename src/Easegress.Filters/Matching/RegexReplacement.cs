using System.Text;
using System.Text.RegularExpressions;

namespace Easegress.Matching;

/// <summary>
/// A replacement written the way Easegress (Go's <c>Regexp.ReplaceAllString</c>) reads it, applied the way Go applies
/// it: <c>$1</c>, <c>${1}</c>, <c>$name</c> and <c>${name}</c> stand for groups (a name is the longest run of letters,
/// digits and <c>_</c>, so <c>$1x</c> is the group named <c>1x</c>), <c>$$</c> is a dollar sign, and an empty match
/// right after another match is skipped — so <c>(.*)</c> replaces a path once, not once more at its end.
/// </summary>
public sealed class RegexReplacement(string template)
{
    public string ReplaceAll(Regex regex, string input)
    {
        var output = new StringBuilder(input.Length + template.Length);
        var copied = 0;
        var previousEnd = -1;
        for (var match = regex.Match(input); match.Success; match = match.NextMatch())
        {
            if (match.Length == 0 && match.Index == previousEnd) continue;
            output.Append(input, copied, match.Index - copied);
            Expand(match, output);
            copied = match.Index + match.Length;
            previousEnd = copied;
        }
        return copied == 0 && previousEnd < 0 ? input : output.Append(input, copied, input.Length - copied).ToString();
    }

    private void Expand(Match match, StringBuilder output)
    {
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '$' || i + 1 == template.Length)
            {
                output.Append(c);
                i++;
                continue;
            }
            if (template[i + 1] == '$')
            {
                output.Append('$');
                i += 2;
                continue;
            }
            var braced = template[i + 1] == '{';
            var start = braced ? i + 2 : i + 1;
            var end = start;
            while (end < template.Length && (char.IsAsciiLetterOrDigit(template[end]) || template[end] == '_')) end++;
            if (end == start || (braced && (end == template.Length || template[end] != '}')))
            {
                output.Append(c);   // not a reference: a lone dollar sign
                i++;
                continue;
            }
            output.Append(Group(match, template[start..end]));
            i = braced ? end + 1 : end;
        }
    }

    private static string Group(Match match, string name) =>
        int.TryParse(name, out var number) ? (number < match.Groups.Count ? match.Groups[number].Value : "") : match.Groups[name].Value;
}
