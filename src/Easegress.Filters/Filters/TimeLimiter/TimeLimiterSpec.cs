using Easegress.Protocols.Http;
using Easegress.Specs;

namespace Easegress.Filters.TimeLimiter;

/// <summary>The spec of a v1 <c>TimeLimiter</c> filter: <c>urls</c> rules, each with its <c>timeoutDuration</c> or the
/// <c>defaultTimeoutDuration</c>.</summary>
public sealed class TimeLimiterSpec : FilterSpec, IValidatedSpec
{
    public TimeSpan DefaultTimeoutDuration { get; set; } = TimeSpan.FromMilliseconds(500);
    [RequiredField] public List<TimeLimitUrlSpec> Urls { get; set; } = [];

    public void Validate(string path)
    {
        if (DefaultTimeoutDuration <= TimeSpan.Zero)
            throw new SpecException(SpecException.Join(path, "defaultTimeoutDuration"), "must be longer than 0");
        for (var i = 0; i < Urls.Count; i++)
            if (Urls[i].TimeoutDuration <= TimeSpan.Zero)
                throw new SpecException(SpecException.Join(SpecException.Index(SpecException.Join(path, "urls"), i), "timeoutDuration"),
                    "must be longer than 0");
    }
}

/// <summary>A URL rule: <c>methods</c> (all when empty) and <c>url</c>, limited to <c>timeoutDuration</c>.</summary>
public sealed class TimeLimitUrlSpec : MethodUrlSpec
{
    public TimeSpan? TimeoutDuration { get; set; }
}
