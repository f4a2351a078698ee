using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Easegress.Filters.Validator;

/// <summary>Reads the Validator's <c>jwt.publicKey</c>: hex-encoded DER (SubjectPublicKeyInfo) or PEM text; an Ed25519
/// key may also be the bare 32-byte key in hex.</summary>
internal static class JwtKeys
{
    public static T Import<T>(T algorithm, string key) where T : AsymmetricAlgorithm
    {
        if (key.Contains("-----BEGIN", StringComparison.Ordinal)) algorithm.ImportFromPem(key);
        else algorithm.ImportSubjectPublicKeyInfo(Convert.FromHexString(key.Trim()), out _);
        return algorithm;
    }

    /// <summary>An Ed25519 key (RFC 8037), the only curve JWTs use EdDSA with. .NET has no Ed25519, so BouncyCastle reads it.</summary>
    public static Ed25519PublicKeyParameters Ed25519(string key)
    {
        if (key.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            var pem = PemEncoding.Find(key);
            return Ed25519Spki(Convert.FromBase64String(key[pem.Base64Data]));
        }
        var bytes = Convert.FromHexString(key);
        return bytes.Length == Ed25519PublicKeyParameters.KeySize ? new Ed25519PublicKeyParameters(bytes) : Ed25519Spki(bytes);
    }

    private static Ed25519PublicKeyParameters Ed25519Spki(byte[] der) =>
        PublicKeyFactory.CreateKey(der) as Ed25519PublicKeyParameters ?? throw new ArgumentException("the key is not an Ed25519 key");
}
