// Hand-written: the library rounds exp and nbf to whole seconds, reads a string of digits as a date and passes a token
// during its exp second; Easegress's tokens expire at exp (fractions kept) and an exp or nbf that is no number fails.
using System.Text.Json;

namespace Easegress.Filters.Validator;

/// <summary>Checks a JWT's <c>exp</c> and <c>nbf</c> claims, NumericDates (seconds, possibly with a fraction): the token
/// is expired at <c>exp</c> and valid from <c>nbf</c> on (RFC 7519, as golang-jwt), with no leeway.</summary>
internal static class JwtLifetime
{
    /// <summary>True when the JSON object <paramref name="payload"/> has no <c>exp</c> or one after
    /// <paramref name="now"/>, and no <c>nbf</c> or one not after it. A claim given twice counts as its last value.</summary>
    public static bool Holds(ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        double? exp = null, nbf = null;
        bool expIsDate = true, nbfIsDate = true;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isExp = reader.ValueTextEquals("exp"u8);
                var isNbf = !isExp && reader.ValueTextEquals("nbf"u8);
                reader.Read();
                if (isExp) expIsDate = NumericDate(ref reader, out exp);
                else if (isNbf) nbfIsDate = NumericDate(ref reader, out nbf);
                reader.Skip();   // past an object or array value; nothing for a single token
            }
        }
        catch (JsonException)
        {
            return false;
        }
        if (!expIsDate || !nbfIsDate) return false;
        var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
        return (exp is null || seconds < exp) && (nbf is null || seconds >= nbf);
    }

    private static bool NumericDate(ref Utf8JsonReader reader, out double? seconds)
    {
        seconds = reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) ? value : null;
        return seconds is not null;
    }
}
