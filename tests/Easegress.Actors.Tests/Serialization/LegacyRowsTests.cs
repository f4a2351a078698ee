using Akka.Actor;
using Easegress.Actors.Leadership;
using Easegress.Actors.Objects;
using Easegress.Actors.Serialization.Legacy;
using Microsoft.Data.Sqlite;

namespace Easegress.Actors.Tests.Serialization;

/// <summary>Rows journaled before Easegress had formats of its own are read from their frozen type and field names,
/// not by resolving the CLR type they name.</summary>
public sealed class LegacyRowsTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void EveryRowOfTheFixtureIsAnEasegressEventOrSnapshot()
    {
        var journal = LegacyJournalTests.CopyOfFixture();
        try
        {
            var events = Rows(journal, "select message from journal").Select(LegacyRows.Read).ToList();
            Assert.All(events, e => Assert.NotNull(e));
            Assert.Equal(507, events.OfType<ObjectWritten>().Count());   // server 1, kept 2, deleted 1, busy 501, late 1, late-deleted 1
            Assert.Equal(2, events.OfType<ObjectRemoved>().Count());
            Assert.Equal(11, events.OfType<VersionTaken>().Count());

            var snapshot = Assert.IsType<LeaderSnapshot>(LegacyRows.Read(Rows(journal, "select snapshot from snapshot").Single()));
            Assert.Equal(500, snapshot.Version);
            Assert.Equal(["server-fixture", "pipeline-kept", "pipeline-busy"], snapshot.Names);

            Assert.Equal(new ObjectRemoved("pipeline-deleted", 6), Event(journal, "pipeline-deleted", 2));
            Assert.Equal(new VersionTaken("pipeline-late-deleted", 510, true), Event(journal, "$eg-leader", 510));
            Assert.Equal(new VersionTaken("pipeline-late", 508, false), Event(journal, "$eg-leader", 508));
            var kept = Assert.IsType<ObjectWritten>(Event(journal, "pipeline-kept", 2));
            Assert.Equal(("pipeline-kept", "Pipeline", 5L), (kept.Name, kept.Kind, kept.Version));
            Assert.Contains("http://127.0.0.1:18485", kept.Document);
        }
        finally { Directory.Delete(Path.GetDirectoryName(journal)!, recursive: true); }
    }

    /// <summary>Newtonsoft left fields at their defaults out, and the order of properties is not fixed.</summary>
    [Fact]
    public void MissingFieldsAreDefaultsAndOrderDoesNotMatter()
    {
        Assert.Equal(new VersionTaken("p1", 0, false),
            LegacyRows.Read("""{"Name":"p1","$type":"Easegress.Actors.Leadership.VersionTaken, Easegress.Actors"}"""u8.ToArray()));
        var snapshot = Assert.IsType<LeaderSnapshot>(LegacyRows.Read(
            """{"$id":"1","$type":"Easegress.Actors.Leadership.LeaderSnapshot, Easegress.Actors","Version":3}"""u8.ToArray()));
        Assert.Equal((3L, 0), (snapshot.Version, snapshot.Names.Length));
    }

    [Fact]
    public void OtherJsonIsLeftToAkkasSerializer()
    {
        Assert.Null(LegacyRows.Read("""{"$type":"Easegress.Actors.Objects.CreateObject, Easegress.Actors","Name":"p1"}"""u8.ToArray()));
        Assert.Null(LegacyRows.Read("""{"Name":"p1"}"""u8.ToArray()));

        var legacy = new LegacyJsonSerializer((ExtendedActorSystem)Sys);
        Assert.Equal(1, legacy.Identifier);
        var command = new CreateObject("p1", "{}");
        Assert.Equal(command, legacy.FromBinary(legacy.ToBinary(command), null!));
    }

    private static object? Event(string journal, string persistenceId, long sequenceNr) =>
        LegacyRows.Read(Rows(journal, $"select message from journal where persistence_id = '{persistenceId}' and sequence_number = {sequenceNr}").Single());

    private static List<byte[]> Rows(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read()) rows.Add((byte[])reader[0]);
        return rows;
    }
}
