// Hand-written: the library refuses HMAC keys shorter than the hash (Easegress takes any: its own tests use 6 bytes) and has no EdDSA.
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Parameters;

namespace Easegress.Filters.Validator;

/// <summary>
/// The signature check of one algorithm and key, served to the library as its custom crypto provider: the library still
/// parses the token, insists on the configured algorithm and decodes the signature; this only says whether the signature
/// bytes are right. HS256/384/512 with a key of any length (compared in constant time), and EdDSA over Ed25519 with
/// BouncyCastle (.NET has no Ed25519).
/// </summary>
internal sealed class PluggedSignature(SecurityKey key, string algorithm) : SignatureProvider(key, algorithm), ICryptoProvider
{
    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == Algorithm && (args.Length == 0 || ReferenceEquals(args[0], Key));

    public object Create(string algorithm, params object[] args) => this;

    public void Release(object cryptoInstance) { }

    public override bool Verify(byte[] input, byte[] signature) => Verify(input, 0, input.Length, signature, 0, signature.Length);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength)
    {
        var data = input.AsSpan(inputOffset, inputLength);
        var given = signature.AsSpan(signatureOffset, signatureLength);
        if (Key is Ed25519SecurityKey ed25519)
            return given.Length == Ed25519PrivateKeyParameters.SignatureSize
                   && ed25519.PublicKey.Verify(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, input, inputOffset, inputLength, signature, signatureOffset);
        var secret = ((SymmetricSecurityKey)Key).Key;
        Span<byte> expected = stackalloc byte[HMACSHA512.HashSizeInBytes];
        var length = Algorithm switch
        {
            "HS256" => HMACSHA256.HashData(secret, data, expected),
            "HS384" => HMACSHA384.HashData(secret, data, expected),
            _ => HMACSHA512.HashData(secret, data, expected),
        };
        return CryptographicOperations.FixedTimeEquals(expected[..length], given);
    }

    public override byte[] Sign(byte[] input) => throw new NotSupportedException("the Validator only verifies tokens");

    protected override void Dispose(bool disposing) { }
}

/// <summary>An Ed25519 public key as the library's <see cref="SecurityKey"/>, for <see cref="PluggedSignature"/>.</summary>
internal sealed class Ed25519SecurityKey(Ed25519PublicKeyParameters publicKey) : SecurityKey
{
    public Ed25519PublicKeyParameters PublicKey { get; } = publicKey;

    public override int KeySize => Ed25519PublicKeyParameters.KeySize * 8;
}
