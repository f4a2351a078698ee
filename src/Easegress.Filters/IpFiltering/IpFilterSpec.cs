using Easegress.Specs;

namespace Easegress.IpFiltering;

/// <summary>Easegress's <c>ipfilter.Spec</c>, used by HTTPServer at server, rule and path level.</summary>
public sealed class IpFilterSpec : IValidatedSpec
{
    /// <summary>Block addresses in neither list (and addresses that cannot be read).</summary>
    public bool BlockByDefault { get; set; }
    /// <summary>IPs and CIDRs; when not empty, only these are allowed.</summary>
    public List<string>? AllowIPs { get; set; }
    /// <summary>IPs and CIDRs to block.</summary>
    public List<string>? BlockIPs { get; set; }

    public void Validate(string path) => IpFilter.Build(this, path);
}
