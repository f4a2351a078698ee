using Easegress.Specs;

namespace Easegress.Filters.Proxy;

/// <summary>A pool's <c>loadBalance.stickySession</c>: keeps a client on one server, by a cookie.</summary>
public sealed class StickySessionSpec : IValidatedSpec
{
    /// <summary>Hash the application's cookie onto a consistent-hash ring of the servers.</summary>
    public const string CookieConsistentHash = "CookieConsistentHash";
    /// <summary>The Proxy sets its own cookie naming the server on every response.</summary>
    public const string DurationBased = "DurationBased";
    /// <summary>The Proxy sets its own cookie when the server sets the application's cookie.</summary>
    public const string ApplicationBased = "ApplicationBased";

    /// <summary>Easegress's default name of the cookie the Proxy sets.</summary>
    public const string DefaultLbCookieName = "EG_SESSION";
    /// <summary>Easegress's default lifetime of the cookie the Proxy sets.</summary>
    public static readonly TimeSpan DefaultLbCookieExpire = TimeSpan.FromHours(2);

    private static readonly string[] Modes = [CookieConsistentHash, DurationBased, ApplicationBased];

    [RequiredField] public string Mode { get; set; } = "";
    /// <summary>The application's cookie: hashed by <c>CookieConsistentHash</c>, watched for by <c>ApplicationBased</c>.</summary>
    public string? AppCookieName { get; set; }
    /// <summary>The name of the cookie the Proxy sets (<c>DurationBased</c>, <c>ApplicationBased</c>); default EG_SESSION.</summary>
    public string? LbCookieName { get; set; }
    /// <summary>How long the cookie the Proxy sets lives; 0 or less means 2h.</summary>
    [LongDuration]
    public TimeSpan LbCookieExpire { get; set; }

    internal string CookieName => string.IsNullOrEmpty(LbCookieName) ? DefaultLbCookieName : LbCookieName;
    internal TimeSpan CookieLifetime => LbCookieExpire > TimeSpan.Zero ? LbCookieExpire : DefaultLbCookieExpire;

    public void Validate(string path)
    {
        if (Array.IndexOf(Modes, Mode) < 0)
            throw new SpecException(SpecException.Join(path, "mode"), $"unknown sticky session mode \"{Mode}\" (one of {string.Join(", ", Modes)})");
        if (Mode != DurationBased && string.IsNullOrEmpty(AppCookieName))
            throw new SpecException(SpecException.Join(path, "appCookieName"), $"is required by mode {Mode}");
        if (!IsToken(AppCookieName)) throw new SpecException(SpecException.Join(path, "appCookieName"), "is not a valid cookie name");
        if (!IsToken(LbCookieName)) throw new SpecException(SpecException.Join(path, "lbCookieName"), "is not a valid cookie name");
    }

    /// <summary>A cookie name is an HTTP token (RFC 6265): visible ASCII without separators.</summary>
    private static bool IsToken(string? name)
    {
        if (string.IsNullOrEmpty(name)) return true;
        foreach (var c in name)
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)) return false;
        return true;
    }
}
