using Easegress.Actors.Catalog;
using Easegress.Actors.Serialization;
using Microsoft.Data.Sqlite;

namespace Easegress.Actors.Tests;

/// <summary>
/// The journal in Fixtures/ was written by the server before stable formats (see Fixtures/README.md): a node of this
/// build recovers every object from it, with its spec, kind and version, keeps the deleted ones deleted and carries the
/// config version on.
/// </summary>
public sealed class LegacyJournalTests
{
    private const string Fixture = "journal-2026-12-07.db";

    private static readonly Dictionary<string, CatalogEntry> Recovered = new[]
    {
        new CatalogEntry("server-fixture", "HTTPServer", 2,
            """{"kind":"HTTPServer","name":"server-fixture","port":18483,"keepAlive":true,"https":false,"rules":[{"paths":[{"pathPrefix":"/kept","backend":"pipeline-kept"}]}],"createdAt":"2026-12-07T21:13:35Z"}"""),
        new CatalogEntry("pipeline-kept", "Pipeline", 5,
            """{"name":"pipeline-kept","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:18485"}]}]}],"createdAt":"2026-12-07T21:13:36Z"}"""),
        new CatalogEntry("pipeline-busy", "Pipeline", 507,
            """{"name":"pipeline-busy","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:20500"}]}]}],"createdAt":"2026-12-07T21:14:52Z"}"""),
        new CatalogEntry("pipeline-late", "Pipeline", 508,
            """{"name":"pipeline-late","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:18484"}]}]}],"createdAt":"2026-12-07T21:14:54Z"}"""),
    }.ToDictionary(e => e.Name);

    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryObjectComesBackAndTheConfigVersionGoesOn()
    {
        var journal = CopyOfFixture();
        try { await RecoverAndWriteAsync(journal); }
        finally { Directory.Delete(Path.GetDirectoryName(journal)!, recursive: true); }
    }

    private static async Task RecoverAndWriteAsync(string journal)
    {
        // as today's server left it: every row by Akka's default JSON serializer, without a manifest
        Assert.Equal(0L, Scalar(journal, "select count(*) from journal where identifier != 1 or manifest != ''"));
        Assert.Equal(1L, Scalar(journal, "select count(*) from snapshot where serializer_id = 1 and manifest = ''"));
        var legacyRows = Scalar(journal, "select count(*) from journal");
        var lastLegacy = Scalar(journal, "select max(ordering) from journal");

        long created, updated;
        await using (var node = await HostedNode.StartAsync(journal))
        {
            await RecoveredAsync(node, Recovered, 510);
            Assert.False(node.Replica.Objects.ContainsKey("pipeline-deleted"));
            Assert.False(node.Replica.Objects.ContainsKey("pipeline-late-deleted"));

            // the traffic controller runs what was recovered
            Assert.True(await node.Applied.WaitAsync("server-fixture", 2, removed: false, TimeSpan.FromSeconds(10)));
            Assert.Contains(node.Listeners.Started, l => l.Port == 18483);

            // the entities recovered their state: deleted ones are gone, the others exist
            Assert.Equal(404, (await node.Objects.UpdateAsync("pipeline-late-deleted", Pipeline("pipeline-late-deleted", 1))).Status);
            Assert.Equal(409, (await node.Objects.CreateAsync("pipeline-busy", Pipeline("pipeline-busy", 1))).Status);

            var recreate = await node.Objects.CreateAsync("pipeline-deleted", Pipeline("pipeline-deleted", 18486));
            Assert.Equal(200, recreate.Status);
            Assert.True(recreate.Version > 510, $"a write after recovery got version {recreate.Version}, not above the journal's 510");
            var update = await node.Objects.UpdateAsync("pipeline-kept", Pipeline("pipeline-kept", 18487));
            Assert.Equal(200, update.Status);
            Assert.True(update.Version > recreate.Version);
            (created, updated) = (recreate.Version, update.Version);
        }

        // this build writes its own format; the old rows stay as they were. (Rows whose persistence id is a path are
        // Akka's: the controllers' shards and their coordinator remember entities in the journal, in
        // Akka.Cluster.Sharding's own protobuf format. No object name has a '/'.)
        Assert.Equal(legacyRows, Scalar(journal, "select count(*) from journal where identifier = 1"));
        Assert.Equal(0L, Scalar(journal, $"select count(*) from journal where ordering > {lastLegacy} and identifier != {EasegressSerializer.Id} and persistence_id not like '/%'"));
        Assert.Equal(0L, Scalar(journal, $"select count(*) from journal where ordering > {lastLegacy} and identifier = 1"));
        Assert.Equal(2L, Scalar(journal, $"select count(*) from journal where ordering > {lastLegacy} and manifest = 'ObjectWritten.v1'"));
        Assert.True(Scalar(journal, $"select count(*) from journal where ordering > {lastLegacy} and manifest = 'VersionTaken.v1'") >= 2);

        // old rows and the new ones together
        var expected = new Dictionary<string, CatalogEntry>(Recovered)
        {
            ["pipeline-deleted"] = new("pipeline-deleted", "Pipeline", created, Pipeline("pipeline-deleted", 18486)),
            ["pipeline-kept"] = new("pipeline-kept", "Pipeline", updated, Pipeline("pipeline-kept", 18487)),
        };
        await using (var node = await HostedNode.StartAsync(journal))
        {
            await RecoveredAsync(node, expected, updated);
            Assert.False(node.Replica.Objects.ContainsKey("pipeline-late-deleted"));
        }
    }

    private static async Task RecoveredAsync(HostedNode node, IReadOnlyDictionary<string, CatalogEntry> expected, long version)
    {
        await HostedNode.EventuallyAsync(() => node.Replica.ConfigVersion >= version
                && expected.Values.All(e => node.Replica.Objects.TryGetValue(e.Name, out var got) && got.Version >= e.Version),
            Recovery, $"config version {version} and objects {string.Join(", ", expected.Keys)}");
        Assert.Equal(version, node.Replica.ConfigVersion);
        Assert.Equal(expected.Keys.Order(), node.Replica.Objects.Keys.Order());
        foreach (var entry in expected.Values) Assert.Equal(entry, node.Replica.Objects[entry.Name]);
    }

    internal static string Pipeline(string name, int port) =>
        $$"""{"name":"{{name}}","kind":"Pipeline","filters":[{"name":"proxy","kind":"Proxy","pools":[{"servers":[{"url":"http://127.0.0.1:{{port}}"}]}]}]}""";

    internal static string CopyOfFixture()
    {
        var directory = Directory.CreateTempSubdirectory("eg-journal-").FullName;
        var copy = Path.Combine(directory, "easegress.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", Fixture), copy);
        return copy;
    }

    internal static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
