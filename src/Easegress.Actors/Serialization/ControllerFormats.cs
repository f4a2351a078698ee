using Easegress.Actors.Controllers;
using Easegress.Actors.Objects;

namespace Easegress.Actors.Serialization;

/// <summary>What an object's owner tells the controllers' shard region, wherever the controller's entity lives, and the
/// hand-over a shard tells its entities (local, covered so that no message is left to the default serializer).</summary>
public static class ControllerFormats
{
    public static IEnumerable<Format> All { get; } =
    [
        // { 1: name, 2: kind, 3: version, 4: document }: a catalog entry's fields
        new Format<RunController>("RunController.v1", (c, o) => ReplicaFormats.WriteEntry(o, c.Name, c.Kind, c.Version, c.Document), f =>
        {
            var entry = ReplicaFormats.ReadEntry(f);
            return new RunController(entry.Name, entry.Kind, entry.Version, entry.Document);
        }),

        // { 1: name, 2: version }: an ObjectRemoved's fields
        new Format<StopController>("StopController.v1", (c, o) =>
        {
            o.Text(1, c.Name);
            o.Number(2, c.Version);
        }, f =>
        {
            var removed = ObjectFormats.ReadRemoved(f);
            return new StopController(removed.Name, removed.Version);
        }),

        // {}
        new Format<HandOffController>("HandOffController.v1", (_, _) => { }, f => TrafficFormats.Empty(f, HandOffController.Instance)),
    ];
}
