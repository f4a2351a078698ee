using Easegress.Specs;

namespace Easegress.IpFiltering;

/// <summary>
/// A compiled <see cref="IpFilterSpec"/>, deciding as Easegress's <c>ipfilter.Allow</c> does: with an allow list,
/// only listed addresses pass; an address in the block list (and not the allow list) is blocked; one in both lists,
/// in neither, or unreadable gets the default (blocked when <c>blockByDefault</c>). Immutable; allocates nothing.
/// </summary>
public sealed class IpFilter
{
    private readonly bool _allowByDefault;
    private readonly AddressRanges _allowed;
    private readonly AddressRanges _blocked;

    private IpFilter(bool allowByDefault, AddressRanges allowed, AddressRanges blocked)
    {
        _allowByDefault = allowByDefault;
        _allowed = allowed;
        _blocked = blocked;
    }

    /// <summary>Null for a null spec (no filter); throws <see cref="SpecException"/> naming a bad entry.</summary>
    public static IpFilter? Build(IpFilterSpec? spec, string path)
    {
        if (spec is null) return null;
        return new IpFilter(!spec.BlockByDefault,
            AddressRanges.Build(spec.AllowIPs, SpecException.Join(path, "allowIPs")),
            AddressRanges.Build(spec.BlockIPs, SpecException.Join(path, "blockIPs")));
    }

    public bool Allows(ClientAddress address)
    {
        if (!address.IsKnown) return _allowByDefault;
        var allowed = _allowed.Contains(address);
        if (!_allowed.IsEmpty && !allowed) return false;
        var blocked = _blocked.Contains(address);
        if (allowed == blocked) return _allowByDefault;
        return allowed;
    }
}
