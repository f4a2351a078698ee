using System.Text;
using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;
using static Easegress.Filters.Tests.Validator.BasicAuthRequests;

namespace Easegress.Filters.Tests.Validator;

public sealed class BasicAuthFileTests : IDisposable
{
    // "rasmuslerdorf" under bcrypt $2y$ (the example of PHP's password_hash documentation)
    private const string Bcrypt2y = "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a";
    // made by `openssl passwd -apr1 -salt Abc12345 'p@ss:word'` (the password holds a colon)
    private const string Apr1 = "$apr1$Abc12345$v0dHflmyKmnfLXYFqfH8r0";
    // `echo -n sha-secret | openssl sha1 -binary | base64`
    private const string Sha = "{SHA}KkPcK3XYeA35EhWhKYmaCyAgadY=";

    private readonly string _dir = Directory.CreateTempSubdirectory("htpasswd-").FullName;
    private readonly ManualClock _clock = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string UserFile(params string[] lines)
    {
        var path = Path.Combine(_dir, ".htpasswd");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    private IFilter Create(string userFile) => TestSpecs.Create(TestSpecs.Filter<ValidatorSpec>($"""
        name: v
        kind: Validator
        basicAuth:
          mode: FILE
          userFile: {userFile}
        """), new FilterEnvironment { Forwarder = FilterEnvironment.Create().Forwarder, Time = _clock });

    [Fact]
    public void Bcrypt_sha1_and_apr1_entries_are_checked()
    {
        var b2a = BCrypt.Net.BCrypt.HashPassword("two-a", BCrypt.Net.BCrypt.GenerateSalt(4, 'a'));
        var b2b = BCrypt.Net.BCrypt.HashPassword("two-b", BCrypt.Net.BCrypt.GenerateSalt(4, 'b'));
        using var filter = Create(UserFile("# users", "", $"rasmus:{Bcrypt2y}", $"ann:{b2a}", $"bea:{b2b}", $"md5:{Apr1}", $"sha:{Sha}"));

        AssertPasses(filter, "rasmus", "rasmuslerdorf");
        AssertPasses(filter, "ann", "two-a");
        AssertPasses(filter, "bea", "two-b");
        AssertPasses(filter, "md5", "p@ss:word");
        AssertPasses(filter, "sha", "sha-secret");
        AssertPasses(filter, "sha", "sha-secret");   // remembered, still right

        AssertRefused(filter, "rasmus", "rasmuslerdorF");   // tampered
        AssertRefused(filter, "md5", "p@ss");
        AssertRefused(filter, "sha", "");
        AssertRefused(filter, "nobody", "sha-secret");      // unknown user
        AssertRefused(filter, "bea", "two-a");              // another user's password
        AssertRefused(filter, null, null);                  // missing
        AssertRefused(filter, null, null, raw: "Bearer abc");
        AssertRefused(filter, null, null, raw: "Basic not-base64!");
        AssertRefused(filter, null, null, raw: "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")));
    }

    [Fact]
    public void Apr1_matches_openssl()
    {
        // vectors from `openssl passwd -apr1 -salt <salt> <password>`
        Assert.Equal(Apr1, Apr1Crypt.Hash("p@ss:word", "Abc12345"));
        Assert.Equal("$apr1$xy$adC2KxNkYqBR98DqtMUjg0", Apr1Crypt.Hash("é-unicode", "xy"));
        Assert.Equal("$apr1$r0$vm36mOgQjgnhOH8kbnFsZ1", Apr1Crypt.Hash("", "r0"));
    }

    [Fact]
    public void The_file_is_read_again_when_it_changes()
    {
        var sha1 = (string pw) => "{SHA}" + Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(pw)));
        var path = UserFile($"alice:{sha1("first")}");
        using var filter = Create(path);
        AssertPasses(filter, "alice", "first");

        File.WriteAllText(path, $"alice:{sha1("second")}\nbob:{Apr1}\n");
        _clock.Advance(HtpasswdUsers.CheckInterval);
        AssertPasses(filter, "alice", "second");
        AssertRefused(filter, "alice", "first");
        AssertPasses(filter, "bob", "p@ss:word");

        File.WriteAllText(path, $"bob:{Apr1}\n");
        _clock.Advance(HtpasswdUsers.CheckInterval);
        AssertRefused(filter, "alice", "second");
        AssertPasses(filter, "bob", "p@ss:word");

        File.Delete(path);
        _clock.Advance(HtpasswdUsers.CheckInterval);
        AssertRefused(filter, "bob", "p@ss:word");

        UserFile($"carol:{sha1("back")}");
        _clock.Advance(HtpasswdUsers.CheckInterval);
        AssertPasses(filter, "carol", "back");
    }

    [Fact]
    public void Unsupported_hashes_and_a_missing_file_let_nobody_in()
    {
        using (var filter = Create(UserFile("plain:secret", "crypt:rl0uE9ZLZmbCQ", "short:$2y$10$abc")))
        {
            AssertRefused(filter, "plain", "secret");
            AssertRefused(filter, "crypt", "secret");
            AssertRefused(filter, "short", "x");
        }
        using var missing = Create(Path.Combine(_dir, "absent"));
        AssertRefused(missing, "anyone", "x");
    }

    [Theory]
    [InlineData("mode: ETCD", "filters[0].basicAuth.mode: ETCD is not supported")]
    [InlineData("mode: NONE", "filters[0].basicAuth.mode: must be FILE or LDAP")]
    [InlineData("mode: LDAP", "filters[0].basicAuth.ldap: is required in LDAP mode")]
    [InlineData("mode: LDAP\n  ldap: {host: h, port: 0, baseDN: 'dc=x', uid: uid}", "filters[0].basicAuth.ldap.port:")]
    [InlineData("mode: LDAP\n  ldap: {host: h, port: 389, baseDN: 'dc=x', uid: uid, certBase64: eA==}", "filters[0].basicAuth.ldap.keyBase64:")]
    [InlineData("mode: LDAP\n  ldap: {host: h, port: 389, baseDN: 'dc=x', uid: uid, certBase64: eA==, keyBase64: eA==}", "filters[0].basicAuth.ldap.certBase64: cannot be used")]
    public void Bad_specs_name_the_field(string fields, string expected)
    {
        var message = TestSpecs.FilterError($"name: v\nkind: Validator\nbasicAuth:\n  {fields}\n");
        Assert.Contains(expected, message);
    }
}
