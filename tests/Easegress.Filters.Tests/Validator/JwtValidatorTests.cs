using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Easegress.Specs;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

public sealed class JwtValidatorTests
{
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("mysecret");

    private static string Token(string alg, object claims, Func<byte[], byte[]> sign)
    {
        static string Part(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var unsigned = $"{Part($$"""{"alg":"{{alg}}","typ":"JWT"}""")}.{Part(System.Text.Json.JsonSerializer.Serialize(claims))}";
        return $"{unsigned}.{Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(unsigned)))}";
    }

    private static string Hs256(object claims, byte[]? key = null) => Token("HS256", claims, d => HMACSHA256.HashData(key ?? Secret, d));

    private static IFilter Create(string jwtYaml) => TestSpecs.Create(TestSpecs.Filter<ValidatorSpec>($"""
        name: v
        kind: Validator
        jwt:
        {jwtYaml}
        """));

    private static string Run(IFilter filter, Easegress.Protocols.Http.RequestContext context) => filter switch
    {
        ISyncFilter s => s.Handle(context),
        IAsyncFilter a => a.HandleAsync(context).AsTask().GetAwaiter().GetResult(),
        _ => throw new InvalidOperationException(),
    };

    private static long Now(int offsetSeconds = 0) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

    [Fact]
    public void Hs256_from_the_bearer_header_or_the_cookie()
    {
        using var filter = Create($"""
              algorithm: HS256
              secret: {Convert.ToHexString(Secret)}
              cookieName: auth
            """);
        var good = Hs256(new { sub = "u1", exp = Now(60) });
        Assert.Equal("", Run(filter, Requests.Context(headers: [("Authorization", "Bearer " + good)])));
        Assert.Equal("", Run(filter, Requests.Context(headers: [("Cookie", "auth=" + good)])));

        foreach (var bad in new[]
                 {
                     Hs256(new { sub = "u1", exp = Now(60) }, Encoding.ASCII.GetBytes("other")),   // wrong key
                     Hs256(new { sub = "u1", exp = Now(-10) }),                                       // expired
                     Hs256(new { sub = "u1", nbf = Now(600) }),                                       // not yet valid
                     Token("none", new { sub = "u1" }, _ => []),                                      // alg none
                     Token("HS512", new { sub = "u1" }, d => HMACSHA512.HashData(Secret, d)),         // another alg
                     Token("HS256", new { sub = "u1", exp = "soon" }, d => HMACSHA256.HashData(Secret, d)),   // exp not a number
                     $"{Base64Url.EncodeToString("{\"alg\":256}"u8)}.e30.AAAA",                      // alg not a string
                     $"{Base64Url.EncodeToString("[1]"u8)}.e30.AAAA",                                 // header not an object
                     "not.a.token", "", "a.b",
                 })
        {
            var context = Requests.Context(headers: [("Authorization", "Bearer " + bad)]);
            Assert.Equal(ValidatorKind.Invalid, Run(filter, context));
            Assert.Equal(401, context.Response!.StatusCode);
        }
        Assert.Equal(ValidatorKind.Invalid, Run(filter, Requests.Context()));   // no token at all
    }

    [Fact]
    public void Rs256_and_Es256_with_hex_encoded_public_keys_run_off_the_stage_thread()
    {
        using var rsa = RSA.Create(2048);
        using var rs = Create($"""
              algorithm: RS256
              publicKey: {Convert.ToHexString(rsa.ExportSubjectPublicKeyInfo())}
            """);
        Assert.IsAssignableFrom<IAsyncFilter>(rs);
        var token = Token("RS256", new { sub = "u" }, d => rsa.SignData(d, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal("", Run(rs, Requests.Context(headers: [("Authorization", "Bearer " + token)])));

        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var es = Create($"""
              algorithm: ES256
              publicKey: |
            {string.Join("\n", ec.ExportSubjectPublicKeyInfoPem().Split('\n').Select(l => "        " + l))}
            """);
        var esToken = Token("ES256", new { sub = "u" }, d => ec.SignData(d, HashAlgorithmName.SHA256));
        Assert.Equal("", Run(es, Requests.Context(headers: [("Authorization", "Bearer " + esToken)])));
        Assert.Equal(ValidatorKind.Invalid, Run(es, Requests.Context(headers: [("Authorization", "Bearer " + token)])));
    }

    [Fact]
    public void EdDsa_with_an_ed25519_key_in_any_of_its_forms()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.Parameters.Ed25519KeyGenerationParameters(new Org.BouncyCastle.Security.SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey = (Org.BouncyCastle.Crypto.Parameters.Ed25519PublicKeyParameters)pair.Public;
        byte[] Sign(byte[] data)
        {
            var signer = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
            signer.Init(true, pair.Private);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }
        var spki = Org.BouncyCastle.X509.SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(publicKey).GetDerEncoded();
        var pem = PemEncoding.WriteString("PUBLIC KEY", spki);
        var token = Token("EdDSA", new { sub = "u", exp = Now(60) }, Sign);
        var tampered = token[..^4] + (token[^4] == 'A' ? 'B' : 'A') + token[^3..];

        foreach (var key in new[]
                 {
                     Convert.ToHexString(spki),
                     Convert.ToHexString(publicKey.GetEncoded()),
                     "|\n" + string.Join("\n", pem.Split('\n').Select(l => "        " + l)),
                 })
        {
            using var filter = Create($"  algorithm: EdDSA\n  publicKey: {key}");
            Assert.IsAssignableFrom<IAsyncFilter>(filter);   // verified off the stage's thread
            Assert.Equal("", Run(filter, Requests.Context(headers: [("Authorization", "Bearer " + token)])));
            foreach (var bad in new[]
                     {
                         tampered,
                         Token("EdDSA", new { sub = "u", exp = Now(-5) }, Sign),                             // expired
                         Token("EdDSA", new { sub = "v", exp = Now(60) }, _ => Sign(Encoding.ASCII.GetBytes("other"))),   // signs something else
                         Hs256(new { sub = "u" }),                                                            // another alg
                     })
                Assert.Equal(ValidatorKind.Invalid, Run(filter, Requests.Context(headers: [("Authorization", "Bearer " + bad)])));
        }
    }

    [Fact]
    public void Expiry_and_not_before_are_checked_against_the_filters_clock_to_the_second()
    {
        var clock = new ManualClock();
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var spec = TestSpecs.Filter<ValidatorSpec>($"name: v\nkind: Validator\njwt:\n  algorithm: HS256\n  secret: {Convert.ToHexString(Secret)}\n");
        var environment = FilterEnvironment.Create();
        using var filter = TestSpecs.Create(spec, new FilterEnvironment { Forwarder = environment.Forwarder, Time = clock });
        string Check(object claims) => Run(filter, Requests.Context(headers: [("Authorization", "Bearer " + Hs256(claims))]));

        Assert.Equal("", Check(new { exp = now + 1 }));
        Assert.Equal(ValidatorKind.Invalid, Check(new { exp = now }));          // expired at exp (RFC 7519 4.1.4)
        Assert.Equal("", Check(new { exp = now + 0.5 }));                      // NumericDate may have a fraction
        Assert.Equal("", Check(new { nbf = now }));                            // valid from nbf on
        Assert.Equal(ValidatorKind.Invalid, Check(new { nbf = now + 1 }));
        Assert.Equal(ValidatorKind.Invalid, Check(new { exp = "tomorrow" }));  // not a NumericDate

        var token = Hs256(new { exp = now + 30, nbf = now + 10 });
        string CheckToken() => Run(filter, Requests.Context(headers: [("Authorization", "Bearer " + token)]));
        Assert.Equal(ValidatorKind.Invalid, CheckToken());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("", CheckToken());
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(ValidatorKind.Invalid, CheckToken());
    }

    [Theory]
    [InlineData("algorithm: HS256\n  secret: zz", "jwt.secret: must be hex-encoded")]
    [InlineData("algorithm: HS256", "jwt.secret: is required")]
    [InlineData("algorithm: RS256\n  publicKey: 00ff", "jwt.publicKey")]
    [InlineData("algorithm: EdDSA", "jwt.publicKey: is required for EdDSA")]
    [InlineData("algorithm: EdDSA\n  publicKey: 00ff", "jwt.publicKey: is not an Ed25519 public key")]
    [InlineData("algorithm: XX1", "jwt.algorithm")]
    public void Bad_jwt_specs_name_the_field(string yaml, string message)
    {
        var error = Assert.Throws<SpecException>(() => Create("  " + yaml));
        Assert.Contains(message, error.Message);
    }
}
