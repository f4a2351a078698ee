using Easegress.Actors.Catalog;
using Google.Protobuf;
using Easegress.Actors.Members;

namespace Easegress.Actors.Serialization;

/// <summary>The values the members replicate in DistributedData: catalog entries and member records. (The keys are
/// strings and the config version register holds a long: Akka's own primitive formats.)</summary>
public static class ReplicaFormats
{
    public static IEnumerable<Format> All { get; } =
    [
        // { 1: name, 2: kind, 3: version, 4: document }
        new Format<CatalogEntry>("CatalogEntry.v1", (e, o) => WriteEntry(o, e.Name, e.Kind, e.Version, e.Document), ReadEntry),

        // { 1: name, 2: role, 3: options, 4: address, 5: uid, 6: start time, 7: last heartbeat }
        new Format<MemberRecord>("MemberRecord.v1", (m, o) =>
        {
            o.Text(1, m.Name);
            o.Text(2, m.Role);
            o.Text(3, m.Options);
            o.Text(4, m.Address);
            o.Number(5, m.Uid);
            o.Time(6, m.StartTime);
            o.Time(7, m.LastHeartbeat);
        }, ReadMember),
    ];

    /// <summary>An object's name, kind, version and document, as a catalog entry and a <c>RunController</c> carry them.</summary>
    internal static void WriteEntry(CodedOutputStream o, string name, string kind, long version, string document)
    {
        o.Text(1, name);
        o.Text(2, kind);
        o.Number(3, version);
        o.Text(4, document);
    }

    internal static CatalogEntry ReadEntry(FieldReader f)
    {
        string name = "", kind = "", document = "";
        long version = 0;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsLength: kind = f.Text(); break;
                case 3 when f.IsVarint: version = f.Int64(); break;
                case 4 when f.IsLength: document = f.Text(); break;
                default: f.Skip(); break;
            }
        }
        return new CatalogEntry(name, kind, version, document);
    }

    private static MemberRecord ReadMember(FieldReader f)
    {
        string name = "", role = "", options = "", address = "";
        long uid = 0;
        DateTimeOffset started = default, heartbeat = default;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsLength: role = f.Text(); break;
                case 3 when f.IsLength: options = f.Text(); break;
                case 4 when f.IsLength: address = f.Text(); break;
                case 5 when f.IsVarint: uid = f.Int64(); break;
                case 6 when f.IsLength: started = f.Time(); break;
                case 7 when f.IsLength: heartbeat = f.Time(); break;
                default: f.Skip(); break;
            }
        }
        return new MemberRecord(name, role, options, address, uid, started, heartbeat);
    }
}
