using Easegress.Actors.Objects;
using Easegress.Actors.Leadership;

namespace Easegress.Actors.Serialization;

/// <summary>The leader's journal and snapshot, and the version allocation the object entities ask it for.</summary>
public static class LeaderFormats
{
    public static IEnumerable<Format> All { get; } =
    [
        // { 1: name, 2: version, 3: removes }
        new Format<VersionTaken>("VersionTaken.v1", (e, o) =>
        {
            o.Text(1, e.Name);
            o.Number(2, e.Version);
            o.Flag(3, e.Removes);
        }, ReadTaken),

        // { 1: version, 2: names (repeated) }
        new Format<LeaderSnapshot>("LeaderSnapshot.v1", (s, o) =>
        {
            o.Number(1, s.Version);
            o.Texts(2, s.Names);
        }, ReadSnapshot),

        // { 1: name, 2: removes }
        new Format<AllocateVersion>("AllocateVersion.v1", (a, o) =>
        {
            o.Text(1, a.Name);
            o.Flag(2, a.Removes);
        }, ReadAllocate),

        // { 1: version }
        new Format<VersionAllocated>("VersionAllocated.v1", (a, o) => o.Number(1, a.Version), ReadAllocated),

        // { 1: reason }
        new Format<VersionRefused>("VersionRefused.v1", (r, o) => o.Text(1, r.Reason), ReadRefused),
    ];

    private static VersionTaken ReadTaken(FieldReader f)
    {
        var name = "";
        long version = 0;
        var removes = false;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsVarint: version = f.Int64(); break;
                case 3 when f.IsVarint: removes = f.Flag(); break;
                default: f.Skip(); break;
            }
        }
        return new VersionTaken(name, version, removes);
    }

    private static LeaderSnapshot ReadSnapshot(FieldReader f)
    {
        long version = 0;
        var names = new List<string>();
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsVarint: version = f.Int64(); break;
                case 2 when f.IsLength: names.Add(f.Text()); break;
                default: f.Skip(); break;
            }
        }
        return new LeaderSnapshot(version, names.ToArray());
    }

    private static AllocateVersion ReadAllocate(FieldReader f)
    {
        var name = "";
        var removes = false;
        while (f.Next())
        {
            switch (f.Number)
            {
                case 1 when f.IsLength: name = f.Text(); break;
                case 2 when f.IsVarint: removes = f.Flag(); break;
                default: f.Skip(); break;
            }
        }
        return new AllocateVersion(name, removes);
    }

    private static VersionAllocated ReadAllocated(FieldReader f)
    {
        long version = 0;
        while (f.Next())
        {
            if (f.Number == 1 && f.IsVarint) version = f.Int64();
            else f.Skip();
        }
        return new VersionAllocated(version);
    }

    private static VersionRefused ReadRefused(FieldReader f)
    {
        var reason = "";
        while (f.Next())
        {
            if (f.Number == 1 && f.IsLength) reason = f.Text();
            else f.Skip();
        }
        return new VersionRefused(reason);
    }
}
