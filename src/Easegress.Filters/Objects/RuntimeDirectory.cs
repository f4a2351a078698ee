using System.Collections.Concurrent;

namespace Easegress.Objects;

/// <summary>The running objects of one kind on this node, by name: where HTTP servers find their pipelines and
/// global filters.</summary>
public sealed class RuntimeDirectory<T> where T : class
{
    private readonly ConcurrentDictionary<string, T> _objects = new(StringComparer.Ordinal);

    public T? Find(string name) => _objects.TryGetValue(name, out var o) ? o : null;

    internal void Add(string name, T runtime) => _objects[name] = runtime;

    /// <summary>Removes the entry only while it is still <paramref name="runtime"/> (a newer one may have replaced it).</summary>
    internal void Remove(string name, T runtime) => _objects.TryRemove(new(name, runtime));
}
