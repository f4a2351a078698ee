using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Easegress.Specs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Easegress.Filters.Validator;

/// <summary>Checks a compact JWT: its header names the configured algorithm (no other, so a token cannot choose
/// a weaker one), its signature verifies, and its <c>exp</c> and <c>nbf</c> claims hold now.</summary>
internal sealed class JwtVerifier
{
    private readonly string _algorithm;
    private readonly Func<byte[], byte[], bool> _verify;

    private JwtVerifier(string algorithm, Func<byte[], byte[], bool> verify)
    {
        _algorithm = algorithm;
        _verify = verify;
    }

    /// <summary>True for RSA, ECDSA and EdDSA, whose verification is worth moving off a stream stage's thread.</summary>
    public bool Costly => _algorithm[0] is 'R' or 'E';

    public static JwtVerifier Hmac(string algorithm, byte[] key) => new(algorithm, (data, signature) =>
    {
        var expected = algorithm switch
        {
            "HS256" => HMACSHA256.HashData(key, data),
            "HS384" => HMACSHA384.HashData(key, data),
            _ => HMACSHA512.HashData(key, data),
        };
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    });

    public static JwtVerifier Asymmetric(string algorithm, string? key, string path)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new SpecException(path, "is required for RSA and ECDSA algorithms");
        var hash = algorithm[2..] switch { "256" => HashAlgorithmName.SHA256, "384" => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        try
        {
            if (algorithm[0] == 'R')
            {
                var rsa = RSA.Create();
                Import(rsa, key);
                return new(algorithm, (data, signature) => rsa.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1));
            }
            var ecdsa = ECDsa.Create();
            Import(ecdsa, key);
            return new(algorithm, (data, signature) => ecdsa.VerifyData(data, signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw new SpecException(path, $"is not a {(algorithm[0] == 'R' ? "RSA" : "ECDSA")} public key (hex-encoded DER or PEM): {e.Message}");
        }
    }

    /// <summary>EdDSA over Ed25519 (RFC 8037), the only curve JWTs use it with; the key is hex-encoded DER
    /// (SubjectPublicKeyInfo), PEM, or the bare 32-byte key in hex. .NET has no Ed25519, so BouncyCastle verifies.</summary>
    public static JwtVerifier EdDsa(string? key, string path)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new SpecException(path, "is required for EdDSA");
        Ed25519PublicKeyParameters publicKey;
        try { publicKey = Ed25519Key(key.Trim()); }
        catch (Exception e) when (e is not OutOfMemoryException)   // BouncyCastle's parsers throw several kinds
        {
            throw new SpecException(path, $"is not an Ed25519 public key (hex-encoded DER, PEM or 32 bytes in hex): {e.Message}");
        }
        return new("EdDSA", (data, signature) =>
        {
            if (signature.Length != Ed25519PublicKeyParameters.KeySize * 2) return false;
            var verifier = new Ed25519Signer();
            verifier.Init(false, publicKey);
            verifier.BlockUpdate(data, 0, data.Length);
            return verifier.VerifySignature(signature);
        });
    }

    private static Ed25519PublicKeyParameters Ed25519Key(string key)
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

    private static void Import(AsymmetricAlgorithm algorithm, string key)
    {
        if (key.Contains("-----BEGIN", StringComparison.Ordinal)) algorithm.ImportFromPem(key);
        else algorithm.ImportSubjectPublicKeyInfo(Convert.FromHexString(key.Trim()), out _);
    }

    public bool Verify(string token, DateTimeOffset now) => Verify(token, now, out _);

    /// <summary>Verifies <paramref name="token"/>; when it passes, <paramref name="claims"/> holds its claims.</summary>
    public bool Verify(string token, DateTimeOffset now, out JsonElement claims)
    {
        claims = default;
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first || token.IndexOf('.', second + 1) >= 0) return false;
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(0, first)));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != _algorithm) return false;
            var signature = Base64Url.DecodeFromChars(token.AsSpan(second + 1));
            if (!_verify(Encoding.ASCII.GetBytes(token, 0, second), signature)) return false;
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.AsSpan(first + 1, second - first - 1)));
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            // NumericDate: seconds, possibly with a fraction; expired at exp, valid from nbf (as golang-jwt).
            var seconds = now.ToUnixTimeMilliseconds() / 1000.0;
            if (root.TryGetProperty("exp", out var exp) && (!NumericDate(exp, out var e) || seconds >= e)) return false;
            if (root.TryGetProperty("nbf", out var nbf) && (!NumericDate(nbf, out var n) || seconds < n)) return false;
            claims = root.Clone();
            return true;
        }
        // InvalidOperationException: a claim or header of the wrong JSON type (an "alg" that is a number, ...)
        catch (Exception e) when (e is FormatException or JsonException or CryptographicException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool NumericDate(JsonElement claim, out double seconds)
    {
        seconds = 0;
        return claim.ValueKind == JsonValueKind.Number && claim.TryGetDouble(out seconds);
    }
}
