using Akka.Configuration;

namespace Easegress.Actors.Tests;

/// <summary>Config for a TestKit actor system that is a cluster of one on a free loopback port, with the
/// in-memory journal (a <see cref="ToggleJournal"/>, which tests can switch off) and snapshot store.</summary>
public static class ClusterOfOne
{
    public static readonly Config Config = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.actor.provider = cluster
        akka.cluster.roles = [primary]
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.persistence.journal.plugin = "akka.persistence.journal.toggle"
        akka.persistence.journal.toggle {
          class = "Easegress.Actors.Tests.ToggleJournal, Easegress.Actors.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
          circuit-breaker.reset-timeout = 100ms
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);
}
