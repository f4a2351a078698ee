using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Easegress.Actors.Catalog;

namespace Easegress.Actors.Tests;

/// <summary>The writer reports what the replicator answered instead of taking every answer for a success.</summary>
public sealed class CatalogWriterTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly UniqueAddress Self = new(new Address("akka", "test", "127.0.0.1", 1), 1);
    private static readonly CatalogEntry Entry = new("demo", "Pipeline", 7, "{}");

    [Fact]
    public async Task ConfirmedWhenEveryUpdateSucceeds()
    {
        var replicator = Replying(update => new UpdateSuccess(update.Key, null));
        Assert.Equal(CatalogReach.Confirmed, await new CatalogWriter(replicator, Self).PublishAsync(Entry, majority: true));
    }

    [Fact]
    public async Task LocalOnlyWhenTheMajorityDidNotConfirmInTime()
    {
        var replicator = Replying(update => update.Key.Id == CatalogKeys.Objects.Id
            ? new UpdateTimeout(update.Key, null) : new UpdateSuccess(update.Key, null));
        Assert.Equal(CatalogReach.LocalOnly, await new CatalogWriter(replicator, Self).PublishAsync(Entry, majority: true));
        Assert.Equal(CatalogReach.LocalOnly, await new CatalogWriter(replicator, Self).RemoveAsync("demo", 8));
    }

    [Fact]
    public async Task AFailedModificationIsAFault()
    {
        var replicator = Replying(update => new ModifyFailure(update.Key, "boom", new InvalidOperationException("boom"), null));
        var fault = await Assert.ThrowsAsync<CatalogWriteException>(() => new CatalogWriter(replicator, Self).PublishAsync(Entry, majority: false));
        Assert.Contains(CatalogKeys.Objects.Id, fault.Message);
    }

    private IActorRef Replying(Func<Update, IUpdateResponse> answer) =>
        Sys.ActorOf(Props.Create(() => new FakeReplicator(answer)));

    private sealed class FakeReplicator : ReceiveActor
    {
        public FakeReplicator(Func<Update, IUpdateResponse> answer) => Receive<Update>(u => Sender.Tell(answer(u)));
    }
}
