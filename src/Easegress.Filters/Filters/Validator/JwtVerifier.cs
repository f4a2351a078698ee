using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Easegress.Specs;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Easegress.Filters.Validator;

/// <summary>Checks a compact JWT with Microsoft.IdentityModel's <see cref="JsonWebTokenHandler"/>: its header names the
/// configured algorithm (no other, so a token cannot choose a weaker one or <c>none</c>) and its signature verifies with
/// the configured key; then <see cref="JwtLifetime"/> checks its <c>exp</c> and <c>nbf</c> claims against now.</summary>
internal sealed class JwtVerifier
{
    private static readonly JsonWebTokenHandler Handler = new();

    private readonly TokenValidationParameters _parameters;

    private JwtVerifier(string algorithm, SecurityKey key, CryptoProviderFactory crypto)
    {
        Costly = algorithm[0] is 'R' or 'E';
        _parameters = new TokenValidationParameters
        {
            ValidAlgorithms = [algorithm],
            IssuerSigningKey = key,
            CryptoProviderFactory = crypto,
            RequireSignedTokens = true,
            // Easegress checks nothing but the algorithm, the signature, exp and nbf; exp and nbf are JwtLifetime's.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
    }

    /// <summary>True for RSA, ECDSA and EdDSA, whose verification is worth moving off a stream stage's thread.</summary>
    public bool Costly { get; }

    public static JwtVerifier Hmac(string algorithm, byte[] key) => Plugged(algorithm, new SymmetricSecurityKey(key));

    public static JwtVerifier Asymmetric(string algorithm, string? key, string path)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new SpecException(path, "is required for RSA and ECDSA algorithms");
        SecurityKey securityKey;
        try
        {
            securityKey = algorithm[0] == 'R' ? new RsaSecurityKey(JwtKeys.Import(RSA.Create(), key)) : new ECDsaSecurityKey(JwtKeys.Import(ECDsa.Create(), key));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            throw new SpecException(path, $"is not a {(algorithm[0] == 'R' ? "RSA" : "ECDSA")} public key (PEM in hex, PEM, or hex-encoded DER): {e.Message}");
        }
        return new(algorithm, securityKey, CryptoProviderFactory.Default);
    }

    public static JwtVerifier EdDsa(string? key, string path)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new SpecException(path, "is required for EdDSA");
        try { return Plugged("EdDSA", new Ed25519SecurityKey(JwtKeys.Ed25519(key.Trim()))); }
        catch (Exception e) when (e is not OutOfMemoryException)   // BouncyCastle's parsers throw several kinds
        {
            throw new SpecException(path, $"is not an Ed25519 public key (PEM in hex, PEM, hex-encoded DER or 32 bytes in hex): {e.Message}");
        }
    }

    /// <summary>A verifier whose signature check is <see cref="PluggedSignature"/>'s, served to the library.</summary>
    private static JwtVerifier Plugged(string algorithm, SecurityKey key) =>
        new(algorithm, key, new CryptoProviderFactory { CustomCryptoProvider = new PluggedSignature(key, algorithm), CacheSignatureProviders = false });

    public bool Verify(string token, DateTimeOffset now) => Check(token, now, wantClaims: false, out _);

    /// <summary>Verifies <paramref name="token"/>; when it passes, <paramref name="claims"/> holds its claims.</summary>
    public bool Verify(string token, DateTimeOffset now, out JsonElement claims) => Check(token, now, wantClaims: true, out claims);

    private bool Check(string token, DateTimeOffset now, bool wantClaims, out JsonElement claims)
    {
        claims = default;
        // Completes synchronously: there is no ConfigurationManager, so nothing is fetched.
        var result = Handler.ValidateTokenAsync(token, _parameters).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken { IsEncrypted: false }) return false;

        // The library has parsed the payload but rounded its dates, so JwtLifetime reads it again, as it was signed.
        var first = token.IndexOf('.');
        var encoded = token.AsSpan(first + 1, token.IndexOf('.', first + 1) - first - 1);
        var buffer = ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(encoded.Length));
        try
        {
            var length = Base64Url.DecodeFromChars(encoded, buffer);
            if (!JwtLifetime.Holds(buffer.AsSpan(0, length), now)) return false;
            if (wantClaims)
            {
                using var payload = JsonDocument.Parse(buffer.AsMemory(0, length));
                claims = payload.RootElement.Clone();
            }
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
