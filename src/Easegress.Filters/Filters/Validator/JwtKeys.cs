using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Easegress.Filters.Validator;

/// <summary>Reads the Validator's <c>jwt.publicKey</c>: PEM text in hex, as Easegress takes it (it hex-decodes the
/// field, then PEM-decodes that), PEM text as it is, or hex-encoded DER (SubjectPublicKeyInfo); an Ed25519 key may also
/// be the bare 32-byte key in hex.</summary>
internal static class JwtKeys
{
    public static T Import<T>(T algorithm, string key) where T : AsymmetricAlgorithm
    {
        key = Unhexed(key);
        if (IsPem(key)) algorithm.ImportFromPem(key);
        else algorithm.ImportSubjectPublicKeyInfo(Convert.FromHexString(key.Trim()), out _);
        return algorithm;
    }

    /// <summary>An Ed25519 key (RFC 8037), the only curve JWTs use EdDSA with. .NET has no Ed25519, so BouncyCastle reads it.</summary>
    public static Ed25519PublicKeyParameters Ed25519(string key)
    {
        key = Unhexed(key);
        if (IsPem(key))
        {
            var pem = PemEncoding.Find(key);
            return Ed25519Spki(Convert.FromBase64String(key[pem.Base64Data]));
        }
        var bytes = Convert.FromHexString(key);
        return bytes.Length == Ed25519PublicKeyParameters.KeySize ? new Ed25519PublicKeyParameters(bytes) : Ed25519Spki(bytes);
    }

    private static bool IsPem(string key) => key.Contains("-----BEGIN", StringComparison.Ordinal);

    /// <summary>The PEM text that <paramref name="key"/> holds in hex, else <paramref name="key"/> itself.</summary>
    private static string Unhexed(string key)
    {
        var hex = key.Trim();
        if (!hex.StartsWith("2d2d2d2d2d", StringComparison.OrdinalIgnoreCase)) return key;   // "-----"
        try { return Encoding.ASCII.GetString(Convert.FromHexString(hex)) is var text && IsPem(text) ? text : key; }
        catch (FormatException) { return key; }
    }

    private static Ed25519PublicKeyParameters Ed25519Spki(byte[] der) =>
        PublicKeyFactory.CreateKey(der) as Ed25519PublicKeyParameters ?? throw new ArgumentException("the key is not an Ed25519 key");
}
