using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.TestKit.Xunit2;
using Easegress.Actors.Hosting;

namespace Easegress.Actors.Tests;

/// <summary>
/// The snapshot store while its circuit breaker is half open, against a "database" that accepts connections and never
/// answers (each call fails after the 2 s connect timeout): the call let through waits, and a second call at the same
/// moment must be answered as failed, not lost. Akka's own store restarted on it and never answered that call, so a
/// recovering leader or object waited 30 s.
/// </summary>
public sealed class SteadySnapshotStoreTests : TestKit
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(8);
    private readonly SilentDatabase _database;

    public SteadySnapshotStoreTests() : this(new SilentDatabase()) { }

    private SteadySnapshotStoreTests(SilentDatabase database) : base(Configured(database.Port))
    {
        _database = database;
    }

    private static Config Configured(int port) => ConfigurationFactory.ParseString($$"""
        akka.persistence.snapshot-store {
          plugin = "akka.persistence.snapshot-store.sql"
          sql {
            connection-string = "Host=127.0.0.1;Port={{port}};Username=eg;Password=eg;Database=eg;Timeout=2;Pooling=false"
            provider-name = "PostgreSQL.15"
            auto-initialize = off
            circuit-breaker { max-failures = 1, call-timeout = 20s, reset-timeout = 300ms }
          }
        }
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        """).WithFallback(ConfigurationFactory.ParseString(SteadySnapshotStore.Config));

    protected override void AfterAll()
    {
        base.AfterAll();
        _database.Dispose();
    }

    [Fact]
    public void ACallRefusedByTheHalfOpenBreakerIsAnsweredAndTheStoreKeepsAnswering()
    {
        var store = Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);
        static LoadSnapshot Load(string id) => new(id, SnapshotSelectionCriteria.Latest, long.MaxValue);

        // the first failure opens the breaker
        store.Tell(Load("first"), TestActor);
        ExpectMsg<LoadSnapshotFailed>(Answer);

        // once it is half open, one call goes to the silent database and the next is refused at once
        Thread.Sleep(600);
        store.Tell(Load("tried"), TestActor);
        store.Tell(Load("refused"), TestActor);
        var refused = ExpectMsg<LoadSnapshotFailed>(TimeSpan.FromSeconds(1));
        Assert.True(refused.Cause.Message.Contains("half open"), refused.Cause.ToString());
        ExpectMsg<LoadSnapshotFailed>(Answer);   // the one let through, after the connect timeout

        // the store did not restart into waiting for its tables: it still answers
        store.Tell(Load("later"), TestActor);
        ExpectMsg<LoadSnapshotFailed>(Answer);
    }

    /// <summary>Accepts TCP connections and never sends a byte.</summary>
    private sealed class SilentDatabase : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private readonly CancellationTokenSource _stop = new();

        public SilentDatabase()
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var socket = await _listener.AcceptSocketAsync(_stop.Token);
                        lock (_held) _held.Add(socket);
                    }
                }
                catch (OperationCanceledException) { }
                catch (ObjectDisposedException) { }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held) foreach (var socket in _held) socket.Dispose();
        }
    }
}
