using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Easegress.Filters.Validator;

/// <summary>
/// The users of an htpasswd file (<c>user:hash</c> per line; <c>#</c> comments and blank lines skipped). The file is
/// read at start and again whenever its modification time or size changes, looked at no more than once per
/// <see cref="CheckInterval"/>, so users added, removed or given new passwords count within a second without a
/// restart. File times are coarse (a kernel tick), so a file read within two seconds of its last change is read
/// again at the next look even if its time and size are the same (git's "racy" rule). A file that is missing or unreadable leaves no user in (and is logged once per change); a line with an
/// unsupported hash leaves that user out.
/// <para>bcrypt costs tens of milliseconds by design; credentials once verified are remembered (as an HMAC under a
/// key that lives only in this process) until the file changes, so a client sending the same header on every
/// request pays that cost once.</para>
/// </summary>
internal sealed class HtpasswdUsers : IUserDirectory
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private const int MaxRemembered = 4096;

    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly Lock _reloading = new();
    private volatile Snapshot _snapshot;
    private long _nextCheck;

    private sealed record Snapshot(DateTime Modified, long Length, Dictionary<string, HtpasswdHash> Users,
        ConcurrentDictionary<string, bool> Verified)
    {
        /// <summary>Read so soon after its last change that a change since may not show in time or size.</summary>
        public bool Racy { get; } = DateTime.UtcNow - Modified < TimeSpan.FromSeconds(2);
    }

    public HtpasswdUsers(string path, TimeProvider time, ILogger logger)
    {
        _path = path;
        _time = time;
        _logger = logger;
        _snapshot = Load(Stamp());
        _nextCheck = time.GetTimestamp() + Ticks(CheckInterval);
    }

    public int Count => Current().Users.Count;

    public async ValueTask<bool> VerifyAsync(string user, string password)
    {
        await Task.Yield();   // bcrypt costs tens of milliseconds: not on the stream's thread
        return Verify(user, password);
    }

    private bool Verify(string user, string password)
    {
        var snapshot = Current();
        if (!snapshot.Users.TryGetValue(user, out var hash)) return false;
        var remembered = Remembered(user, password);
        if (snapshot.Verified.ContainsKey(remembered)) return true;
        if (!hash.Verify(password)) return false;
        if (snapshot.Verified.Count >= MaxRemembered) snapshot.Verified.Clear();
        snapshot.Verified.TryAdd(remembered, true);
        return true;
    }

    private Snapshot Current()
    {
        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextCheck)) return _snapshot;
        lock (_reloading)
        {
            if (now < _nextCheck) return _snapshot;
            _nextCheck = now + Ticks(CheckInterval);
            var stamp = Stamp();
            var current = _snapshot;
            if (current.Racy || stamp.Modified != current.Modified || stamp.Length != current.Length) _snapshot = Load(stamp);
            return _snapshot;
        }
    }

    private (DateTime Modified, long Length) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }

    private Snapshot Load((DateTime Modified, long Length) stamp)
    {
        var users = new Dictionary<string, HtpasswdHash>(StringComparer.Ordinal);
        string[] lines;
        try { lines = File.ReadAllLines(_path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("basicAuth userFile {Path} cannot be read, so no user is let in: {Reason}", _path, e.Message);
            return new Snapshot(stamp.Modified, stamp.Length, users, new());
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                _logger.LogWarning("basicAuth userFile {Path} line {Line} is not user:hash; skipped", _path, i + 1);
                continue;
            }
            var user = line[..colon];
            if (HtpasswdHash.Parse(line[(colon + 1)..]) is { } hash) users[user] = hash;
            else _logger.LogWarning("basicAuth userFile {Path} line {Line}: user {User} has a hash that is not bcrypt, {{SHA}} or $apr1$; skipped", _path, i + 1, user);
        }
        _logger.LogInformation("basicAuth userFile {Path} read: {Count} users", _path, users.Count);
        return new Snapshot(stamp.Modified, stamp.Length, users, new());
    }

    private string Remembered(string user, string password) =>
        Convert.ToBase64String(HMACSHA256.HashData(_rememberKey, Encoding.UTF8.GetBytes(user + "\0" + password)));

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
