using System.Security.Cryptography;
using System.Text;

namespace Easegress.Filters.Validator;

/// <summary>
/// Apache's <c>$apr1$</c> password hash (<c>htpasswd -m</c>): Poul-Henning Kamp's MD5-crypt with the magic
/// <c>$apr1$</c>, a salt of up to 8 characters and 1000 rounds of MD5, written as <c>$apr1$salt$hash</c> with the
/// crypt base-64 alphabet. MD5 is weak; it is here to read existing htpasswd files.
/// </summary>
internal static class Apr1Crypt
{
    public const string Magic = "$apr1$";
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>The salt of a <c>$apr1$salt$hash</c> string; null when it is not one.</summary>
    public static string? SaltOf(string hashed)
    {
        if (!hashed.StartsWith(Magic, StringComparison.Ordinal)) return null;
        var end = hashed.IndexOf('$', Magic.Length);
        return end < 0 ? null : hashed[Magic.Length..end];
    }

    /// <summary>The full <c>$apr1$salt$hash</c> of <paramref name="password"/> with <paramref name="salt"/>.</summary>
    public static string Hash(string password, string salt)
    {
        if (salt.Length > 8) salt = salt[..8];
        var pw = Encoding.UTF8.GetBytes(password);
        var saltBytes = Encoding.UTF8.GetBytes(salt);
        var magic = Encoding.ASCII.GetBytes(Magic);

        var alternate = MD5.HashData([.. pw, .. saltBytes, .. pw]);
        var context = new List<byte>(pw.Length * 4 + 64);
        context.AddRange(pw);
        context.AddRange(magic);
        context.AddRange(saltBytes);
        for (var left = pw.Length; left > 0; left -= 16) context.AddRange(alternate.AsSpan(0, Math.Min(left, 16)));
        for (var i = pw.Length; i != 0; i >>= 1) context.Add((i & 1) != 0 ? (byte)0 : pw.Length > 0 ? pw[0] : (byte)0);
        var digest = MD5.HashData(context.ToArray());

        var round = new List<byte>(pw.Length * 3 + 32);
        for (var i = 0; i < 1000; i++)
        {
            round.Clear();
            if ((i & 1) != 0) round.AddRange(pw); else round.AddRange(digest);
            if (i % 3 != 0) round.AddRange(saltBytes);
            if (i % 7 != 0) round.AddRange(pw);
            if ((i & 1) != 0) round.AddRange(digest); else round.AddRange(pw);
            digest = MD5.HashData(round.ToArray());
        }

        var text = new StringBuilder(Magic.Length + salt.Length + 23);
        text.Append(Magic).Append(salt).Append('$');
        Encode(text, digest[0], digest[6], digest[12], 4);
        Encode(text, digest[1], digest[7], digest[13], 4);
        Encode(text, digest[2], digest[8], digest[14], 4);
        Encode(text, digest[3], digest[9], digest[15], 4);
        Encode(text, digest[4], digest[10], digest[5], 4);
        Encode(text, 0, 0, digest[11], 2);
        return text.ToString();
    }

    private static void Encode(StringBuilder text, byte high, byte middle, byte low, int characters)
    {
        var value = (high << 16) | (middle << 8) | low;
        for (var i = 0; i < characters; i++, value >>= 6) text.Append(Alphabet[value & 0x3f]);
    }
}
