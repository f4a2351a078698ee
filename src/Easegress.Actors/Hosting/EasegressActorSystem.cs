using Easegress.Actors.Replica;
using Easegress.Threading;
using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Easegress.Actors.Controllers;
using Easegress.Actors.Leadership;
using Easegress.Actors.Members;
using Easegress.Actors.Objects;
using Easegress.Actors.Serialization;
using Easegress.Actors.Serialization.Legacy;
using Easegress.Actors.Traffic;
using Easegress.Objects;
using Easegress.Traffic;

namespace Easegress.Actors.Hosting;

/// <summary>The actor system of a node, configured in code: remoting, cluster, journal, the object entities' and the
/// business controllers' shard regions, the leader singleton, the traffic controller and the member heartbeat.</summary>
public static class EasegressActorSystem
{
    public const string TrafficControllerName = "traffic-controller";
    public const string PrimaryRole = "primary";
    public const string ObjectsTypeName = "objects";
    public const string ControllersTypeName = "controllers";

    public static AkkaConfigurationBuilder WithEasegress(this AkkaConfigurationBuilder builder, NodeSettings settings,
        ObjectKindRegistry kinds, Func<ActorSystem, TrafficRuntime> runtime, AppliedCatalog applied, LocalReplica replica)
    {
        if (settings.Hocon is { Length: > 0 } hocon) builder.AddHocon(hocon, HoconAddMode.Prepend);
        builder.AddHocon(RequestThreadDispatcher.Config, HoconAddMode.Append);
        builder.AddHocon(DeadlineScheduler.Config, HoconAddMode.Append);
        // everything journaled, snapshotted, replicated or sent between members has a format and manifest of its own;
        // rows journaled before that (Akka's JSON, serializer id 1) are still read
        builder.AddHocon(LegacyJsonSerializer.Config, HoconAddMode.Append);
        builder.WithCustomSerializer(EasegressSerializer.Name, Formats.Types, system => new EasegressSerializer(system));
        builder
            .WithRemoting(Remoting(settings))
            .WithClustering(new ClusterOptions
            {
                SeedNodes = settings.SeedNodes.ToArray(),
                Roles = [settings.Role],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithSqlPersistence(settings.JournalConnectionString, settings.JournalProvider, autoInitialize: true);
        builder.AddHocon(SteadySnapshotStore.Config, HoconAddMode.Prepend);

        // the traffic runtime is made once, by whichever needs it first: the traffic controller or the controllers'
        // region (whose controllers log through the node's loggers)
        TrafficRuntime? traffic = null;
        var made = new object();
        TrafficRuntime Traffic(ActorSystem system) { lock (made) return traffic ??= runtime(system); }
        var hosted = new HostedControllers(settings.Name);

        var shardOptions = new ShardOptions
        {
            Role = PrimaryRole,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
        };
        if (settings.IsPrimary)
        {
            builder
                .WithShardRegion<ObjectRegion>(ObjectsTypeName,
                    (_, registry, _) => name => Props.Create(() => new ObjectEntity(name, registry.Get<LeaderProxy>(), registry.Get<ControllerRegion>(), kinds)),
                    new ObjectMessageExtractor(), shardOptions)
                .WithShardRegion<ControllerRegion>(ControllersTypeName, (system, registry, _) =>
                    {
                        var environment = new ControllerEnvironment { LoggerFactory = Traffic(system).Environment.LoggerFactory };
                        var backoff = ControllerBackoff.From(system.Settings.Config);
                        return name => Props.Create(() => new ControllerEntity(name, registry.Get<ObjectRegion>(), kinds, replica, hosted, environment, backoff));
                    },
                    new ControllerMessageExtractor(), ControllerShards)
                // the singleton is the leader's backoff supervisor: it starts the leader again when a journal failure stopped it
                .WithSingleton<LeaderProxy>("leader",
                    (_, registry, _) => LeaderSupervision.Props(Leader.Props(registry.Get<ObjectRegion>())),
                    new ClusterSingletonOptions { Role = PrimaryRole }, createProxyToo: true);
        }
        else
        {
            builder
                .WithShardRegionProxy<ObjectRegion>(ObjectsTypeName, PrimaryRole, new ObjectMessageExtractor())
                .WithSingletonProxy<LeaderProxy>("leader", new ClusterSingletonOptions { Role = PrimaryRole });
        }

        return builder.WithActors((system, registry) =>
        {
            var nodeTraffic = Traffic(system);
            var controller = system.ActorOf(Props.Create(() => new TrafficController(nodeTraffic, applied, replica, hosted)), TrafficControllerName);
            system.ActorOf(Props.Create(() => new ClusterShareTracker(nodeTraffic.Environment.Filters.Share)), "cluster-share");
            system.ActorOf(Props.Create(() => new ReplicaSubscriber(replica)), "replica-subscriber");
            system.ActorOf(Props.Create(() => new ReplicaReadiness(replica, settings.Name)), "replica-readiness");
            registry.Register<TrafficControllerKey>(controller);
            system.ActorOf(Props.Create(() => new MemberHeartbeat(settings.Name, settings.Role, settings.MemberOptions)), "member-heartbeat");
            if (settings.IsPrimary)
            {
                system.ActorOf(Props.Create(() => new JournalWarmup()), "journal-warmup");
                system.ActorOf(Props.Create(() => new UndeliveredCommands()), "undelivered-commands");
            }
            if (system.Settings.Config.GetBoolean("easegress.cluster.down-crashed-members", true))
                system.ActorOf(Props.Create(() => new CrashDetector()), "crash-detector");
            if (settings.SeedNodes.Count == 0)
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);   // a cluster of one
            }
        });
    }

    /// <summary>Business controllers: entities remembered, so that a shard that moves (its member died or left) starts
    /// them again on its new member. The remembered names are kept in the journal every primary shares, which outlives
    /// any member and a restart of the whole cluster (DData's durable store would keep them on each member's disk, and
    /// is broken with the LightningDB served here). A shard handed over stops its controllers before it moves.</summary>
    private static readonly ShardOptions ControllerShards = new()
    {
        Role = PrimaryRole,
        StateStoreMode = StateStoreMode.DData,
        RememberEntities = true,
        RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        HandOffStopMessage = HandOffController.Instance,
    };

    private static RemoteOptions Remoting(NodeSettings settings)
    {
        var remote = new RemoteOptions
        {
            HostName = settings.PeerHost,
            Port = settings.PeerPort,
            PublicHostName = settings.AdvertisedHost ?? settings.PeerHost,
        };
        if (settings.PeerTls is { } tls)
        {
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = tls.Certificate,
                SuppressValidation = false,
                RequireMutualAuthentication = true,
                ValidateCertificateHostname = false,   // peers are often named by IP; the CA check decides
                CustomValidator = (certificate, _, peer, errors, log) =>
                {
                    if (tls.Trusts(certificate, errors)) return true;
                    log?.Warning("refused cluster peer {0}: its certificate ({1}) is not trusted", peer, certificate?.Subject ?? "none");
                    return false;
                },
            };
        }
        return remote;
    }
}
