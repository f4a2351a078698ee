using System.Buffers.Binary;
using System.Text;

namespace Easegress.Filters.Proxy;

/// <summary>
/// Consistent hashing with bounded loads, laid out as Easegress's (Go's <c>buraksezer/consistent</c> with 1024
/// partitions, 50 replicas per server, load factor 1.25, murmur3): each server sits on the ring at the hashes of
/// <c>url + "0"</c> … <c>url + "49"</c>; each partition goes to the first server at or after its hash that holds fewer
/// than ⌈1024 / servers × 1.25⌉ partitions; a key goes to the owner of partition <c>hash(key) % 1024</c>. Adding or
/// removing a server moves only the partitions it gains or held (plus the few the load bound pushes along), so most
/// clients keep their server.
/// </summary>
internal sealed class ConsistentHashRing
{
    public const int PartitionCount = 1024;
    public const int ReplicationFactor = 50;
    private const double Load = 1.25;

    private readonly BackendServer[] _owners;

    public ConsistentHashRing(BackendServer[] servers)
    {
        _owners = new BackendServer[servers.Length == 0 ? 0 : PartitionCount];
        if (servers.Length == 0) return;

        var ring = new List<(ulong Hash, int Server)>(servers.Length * ReplicationFactor);
        for (var s = 0; s < servers.Length; s++)
            for (var i = 0; i < ReplicationFactor; i++)
                ring.Add((Murmur3.Sum64(Encoding.UTF8.GetBytes(servers[s].Url + i)), s));
        var sorted = ring.OrderBy(p => p.Hash).ToArray();
        var hashes = sorted.Select(p => p.Hash).ToArray();

        // Members are counted by URL, as Go's map of them does.
        var members = servers.Select(s => s.Url).Distinct(StringComparer.Ordinal).Count();
        var averageLoad = Math.Ceiling(PartitionCount / members * Load);
        var loads = new double[servers.Length];
        Span<byte> key = stackalloc byte[8];
        for (var partition = 0; partition < PartitionCount; partition++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(key, (ulong)partition);
            var index = LowerBound(hashes, Murmur3.Sum64(key));
            if (index >= hashes.Length) index = 0;
            while (true)
            {
                var server = sorted[index].Server;
                if (loads[server] + 1 <= averageLoad)
                {
                    _owners[partition] = servers[server];
                    loads[server]++;
                    break;
                }
                if (++index >= hashes.Length) index = 0;
            }
        }
    }

    /// <summary>The server a key belongs to, or null when the ring is empty.</summary>
    public BackendServer? Locate(string key)
    {
        if (_owners.Length == 0) return null;
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(key, bytes);
        return _owners[(int)(Murmur3.Sum64(bytes[..written]) % PartitionCount)];
    }

    private static int LowerBound(ulong[] hashes, ulong value)
    {
        int low = 0, high = hashes.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (hashes[mid] < value) low = mid + 1;
            else high = mid;
        }
        return low;
    }
}
