using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

/// <summary>Where a JWT library could differ from Easegress (golang-jwt): what a token may name in its header, how it
/// may be cut, and what its registered claims may hold. Each case says what Easegress.NET does.</summary>
public sealed class JwtEdgeTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("mysecret");

    private static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static string Signed(string header, string payload, Func<byte[], byte[]> sign)
    {
        var unsigned = $"{Part(header)}.{Part(payload)}";
        return $"{unsigned}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(unsigned)))}";
    }

    private static string Hs256(string payload, string header = """{"alg":"HS256","typ":"JWT"}""") =>
        Signed(header, payload, d => HMACSHA256.HashData(Secret, d));

    private static JwtVerifier Verifier(string algorithm, string? secret = null, string? publicKey = null)
    {
        var spec = new JwtValidationSpec { Algorithm = algorithm, Secret = secret, PublicKey = publicKey };
        spec.Validate("jwt");
        return spec.Verifier!;
    }

    private static readonly JwtVerifier Hs256Verifier = Verifier("HS256", Convert.ToHexString(Secret));

    private static bool Passes(string token) => Hs256Verifier.Verify(token, DateTimeOffset.UtcNow);

    [Fact]
    public void Easegress_own_test_tokens_give_easegress_own_results()
    {
        // pkg/filters/validator/validator_test.go: secret "123456" (hex 313233343536), HS256; tokens from jwt.io.
        var verifier = Verifier("HS256", "313233343536");
        const string hs256 = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.keH6T3x1z7mmhKL1T3r9sQdAxxdzB6siemGMr_6ZOwU";
        const string hs384 = "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.3Ywq9NlR3cBST4nfcdbR-fcZ8374RHzU50X6flKvG-tnWFMalMaHRm3cMpXs1NrZ";
        Assert.True(verifier.Verify(hs256, DateTimeOffset.UtcNow));
        Assert.False(verifier.Verify(hs384, DateTimeOffset.UtcNow));
        Assert.False(verifier.Verify(hs256 + "abc", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void The_header_must_name_the_configured_algorithm_and_nothing_else_matters()
    {
        Assert.True(Passes(Hs256("{}")));
        Assert.True(Passes(Hs256("{}", """{"alg":"HS256"}""")));                                   // no typ
        Assert.True(Passes(Hs256("{}", """{"alg":"HS256","typ":"at+jwt","kid":"unknown-key"}""")));   // typ and kid are not checked

        Assert.False(Passes(Signed("""{"alg":"none"}""", "{}", _ => [])));                            // unsigned
        Assert.False(Passes(Signed("""{"alg":"none"}""", "{}", d => HMACSHA256.HashData(Secret, d))));
        Assert.False(Passes(Signed("""{"alg":"HS256"}""", "{}", _ => [])));                           // claims HS256, no signature
        Assert.False(Passes(Signed("""{"alg":"HS256"}""", "{}", d => HMACSHA512.HashData(Secret, d))));   // signed with another hash
        Assert.False(Passes(Signed("""{"alg":"hs256"}""", "{}", d => HMACSHA256.HashData(Secret, d))));   // names are case-sensitive
        Assert.False(Passes(Signed("""{"typ":"JWT"}""", "{}", d => HMACSHA256.HashData(Secret, d))));    // no alg
        Assert.False(Passes(Signed("""{"alg":"HS256","alg":"none"}""", "{}", d => HMACSHA256.HashData(Secret, d))));
    }

    [Fact]
    public void An_asymmetric_key_cannot_be_used_as_an_hmac_secret()
    {
        using var rsa = RSA.Create(2048);
        var spki = rsa.ExportSubjectPublicKeyInfo();
        var verifier = Verifier("RS256", publicKey: Convert.ToHexString(spki));
        var now = DateTimeOffset.UtcNow;
        Assert.True(verifier.Verify(Signed("""{"alg":"RS256"}""", "{}", d => rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)), now));
        // The classic confusion: HS256 keyed with the public key's bytes (DER, or its PEM text).
        Assert.False(verifier.Verify(Signed("""{"alg":"HS256"}""", "{}", d => HMACSHA256.HashData(spki, d)), now));
        Assert.False(verifier.Verify(Signed("""{"alg":"HS256"}""", "{}", d => HMACSHA256.HashData(Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()), d)), now));
        Assert.False(verifier.Verify(Signed("""{"alg":"RS512"}""", "{}", d => rsa.SignData(d, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1)), now));
        Assert.False(verifier.Verify(Signed("""{"alg":"PS256"}""", "{}", d => rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)), now));
    }

    [Fact]
    public void A_token_cut_or_encoded_any_other_way_fails()
    {
        var good = Hs256("""{"sub":"u"}""");
        var parts = good.Split('.');
        Assert.True(Passes(good));
        foreach (var bad in new[]
                 {
                     $"{good}.", $".{good}", $"{good}.{parts[2]}",                          // four segments
                     $"{parts[0]}.{parts[1]}.{parts[2]}.{parts[1]}.{parts[2]}",              // five: shaped like an encrypted token
                     $"{parts[0]}..{parts[2]}", $".{parts[1]}.{parts[2]}", "..", ".", "",
                     $"{parts[0]}.{parts[1]}.{parts[2][..^1]}+",                             // base64, not base64url
                     $"{parts[0]}.{parts[1]}!.{parts[2]}",
                     $"{parts[0]} .{parts[1]}.{parts[2]}",
                     Hs256("""{"sub":"u"""),                                                 // payload not JSON
                     Hs256("""["sub"]"""), Hs256("5"), Hs256("null"),                       // payload not an object
                     Signed("[1]", "{}", d => HMACSHA256.HashData(Secret, d)),               // header not an object
                 })
            Assert.False(Passes(bad), bad);
    }

    [Fact]
    public void Registered_claims_of_the_wrong_type_fail_the_token()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.True(Passes(Hs256($$"""{"iss":"idp","aud":["a","b"],"iat":{{now + 3600}},"jti":"x","role":{"a":1},"sub":"u","scope":7}""")));
        // golang-jwt reads only exp, nbf and iat; the library reads iss, aud, iat, jti, azp and sub too, and a token whose
        // claim cannot be read as RFC 7519 has it is refused (Easegress would have passed these).
        foreach (var claims in new[] { """{"iss":7}""", """{"aud":5}""", """{"iat":"yesterday"}""", """{"jti":{}}""", """{"sub":{"id":1}}""" })
            Assert.False(Passes(Hs256(claims)), claims);
        // exp and nbf must be JSON numbers: a string of digits is not one (the library alone would read it as a date).
        Assert.False(Passes(Hs256($$"""{"exp":"{{now + 600}}"}""")));
        Assert.False(Passes(Hs256($$"""{"nbf":"{{now - 600}}"}""")));
        Assert.False(Passes(Hs256("""{"exp":null}""")));
        // A claim given twice counts as its last value, as JSON readers take it.
        Assert.True(Passes(Hs256($$"""{"exp":{{now - 600}},"exp":{{now + 600}}}""")));
        Assert.False(Passes(Hs256($$"""{"exp":{{now + 600}},"exp":{{now - 600}}}""")));
    }

    [Fact]
    public void Hmac_keys_of_any_length_work_as_in_easegress()
    {
        // The library refuses HMAC keys shorter than the hash; golang-jwt takes any, and so does Easegress.NET.
        foreach (var (algorithm, hash) in new (string, Func<byte[], byte[], byte[]>)[]
                 { ("HS256", HMACSHA256.HashData), ("HS384", HMACSHA384.HashData), ("HS512", HMACSHA512.HashData) })
        foreach (var length in new[] { 1, 6, 31, 32, 64, 65, 200 })
        {
            var key = RandomNumberGenerator.GetBytes(length);
            var verifier = Verifier(algorithm, Convert.ToHexString(key));
            var header = $$"""{"alg":"{{algorithm}}"}""";
            Assert.True(verifier.Verify(Signed(header, "{}", d => hash(key, d)), DateTimeOffset.UtcNow), $"{algorithm}, {length} bytes");
            key[0] ^= 1;
            Assert.False(verifier.Verify(Signed(header, "{}", d => hash(key, d)), DateTimeOffset.UtcNow), $"{algorithm}, {length} bytes");
        }
    }

    [Fact]
    public void Public_keys_are_taken_as_easegress_takes_them_pem_text_in_hex()
    {
        // Easegress hex-decodes publicKey and PEM-decodes the result, so its configs hold PEM text in hex.
        static string Hex(string pem) => Convert.ToHexString(Encoding.ASCII.GetBytes(pem)).ToLowerInvariant();
        var now = DateTimeOffset.UtcNow;
        using var rsa = RSA.Create(2048);
        Assert.True(Verifier("RS384", publicKey: Hex(rsa.ExportSubjectPublicKeyInfoPem()))
            .Verify(Signed("""{"alg":"RS384"}""", "{}", d => rsa.SignData(d, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1)), now));
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.True(Verifier("ES384", publicKey: Hex(ec.ExportSubjectPublicKeyInfoPem()))
            .Verify(Signed("""{"alg":"ES384"}""", "{}", d => ec.SignData(d, HashAlgorithmName.SHA384)), now));

        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.Ed25519KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var spki = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded();
        var token = Signed("""{"alg":"EdDSA"}""", "{}", d =>
        {
            var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
            signer.Init(true, pair.Private);
            signer.BlockUpdate(d, 0, d.Length);
            return signer.GenerateSignature();
        });
        Assert.True(Verifier("EdDSA", publicKey: Hex(PemEncoding.WriteString("PUBLIC KEY", spki))).Verify(token, now));

        var error = Assert.Throws<Easegress.Specs.SpecException>(() => Verifier("RS256", publicKey: Hex("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")));
        Assert.StartsWith("jwt.publicKey: is not a RSA public key", error.Message);
    }
}
