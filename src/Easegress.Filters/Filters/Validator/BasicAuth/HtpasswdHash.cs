using System.Security.Cryptography;
using System.Text;

namespace Easegress.Filters.Validator;

/// <summary>
/// One password hash of an htpasswd file: bcrypt (<c>$2y$</c>, <c>$2a$</c>, <c>$2b$</c>; <c>htpasswd -B</c>),
/// <c>{SHA}</c> (base64 of SHA-1; <c>htpasswd -s</c>) or <c>$apr1$</c> (MD5; <c>htpasswd -m</c>, its default).
/// Other schemes (crypt(3), plain text) are refused when the file is read.
/// </summary>
internal abstract class HtpasswdHash
{
    public abstract bool Verify(string password);

    /// <summary>The hash written as <paramref name="text"/>; null when its scheme is not one of the three.</summary>
    public static HtpasswdHash? Parse(string text)
    {
        if (text.StartsWith("$2y$", StringComparison.Ordinal) || text.StartsWith("$2a$", StringComparison.Ordinal)
            || text.StartsWith("$2b$", StringComparison.Ordinal))
            return text.Length == 60 ? new Bcrypt(text) : null;
        if (text.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var digest = new byte[20];
            return Convert.TryFromBase64String(text[5..], digest, out var written) && written == 20 ? new Sha1(digest) : null;
        }
        if (Apr1Crypt.SaltOf(text) is { } salt) return new Apr1(text, salt);
        return null;
    }

    private sealed class Bcrypt(string hash) : HtpasswdHash
    {
        public override bool Verify(string password)
        {
            try { return BCrypt.Net.BCrypt.Verify(password, hash); }
            catch (BCrypt.Net.SaltParseException) { return false; }
        }
    }

    private sealed class Sha1(byte[] digest) : HtpasswdHash
    {
        public override bool Verify(string password) =>
            CryptographicOperations.FixedTimeEquals(SHA1.HashData(Encoding.UTF8.GetBytes(password)), digest);
    }

    private sealed class Apr1(string hash, string salt) : HtpasswdHash
    {
        public override bool Verify(string password) =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Apr1Crypt.Hash(password, salt)), Encoding.ASCII.GetBytes(hash));
    }
}
