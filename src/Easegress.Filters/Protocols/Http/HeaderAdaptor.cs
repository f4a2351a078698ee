using Microsoft.AspNetCore.Http;

namespace Easegress.Protocols.Http;

/// <summary>Applies a <see cref="HeaderAdaptSpec"/>: removes the <c>del</c> headers, replaces the <c>set</c> ones, then
/// appends the <c>add</c> values.</summary>
internal sealed class HeaderAdaptor(HeaderAdaptSpec? spec)
{
    private readonly string[] _delete = spec?.Del?.ToArray() ?? [];
    private readonly KeyValuePair<string, string>[] _set = spec?.Set?.ToArray() ?? [];
    private readonly KeyValuePair<string, string>[] _add = spec?.Add?.ToArray() ?? [];

    public void Adapt(IHeaderDictionary headers)
    {
        foreach (var name in _delete) headers.Remove(name);
        foreach (var (name, value) in _set) headers[name] = value;
        foreach (var (name, value) in _add) headers.Append(name, value);
    }
}
