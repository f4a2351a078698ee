using Easegress.Actors.Administration;
using Easegress.Actors.Replica;
using System.Reflection;
using Akka.Actor;
using Akka.Hosting;
using Akka.Streams;
using Easegress.Actors.Hosting;
using Easegress.Actors.Objects;
using Easegress.Actors.Traffic;
using Easegress.Protocols.Http.AccessLogging;
using Easegress.Filters;
using Easegress.Objects;
using Easegress.Traffic;
using Easegress.Node.Admin;
using Easegress.Node.Configuration;
using Easegress.Node.Listeners;
using Easegress.Node.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using YamlDotNet.Serialization;

namespace Easegress.Node;

/// <summary>Builds and runs a node: logging, the actor system, the traffic listeners and the admin API.</summary>
public static class NodeHost
{
    public static string Version =>
        typeof(NodeHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string PrintConfig(ServerOptions options)
    {
        var json = OptionsDocument.From(options).ToJsonString();
        var plain = new DeserializerBuilder().Build().Deserialize<object>(json);   // JSON is YAML
        return new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(plain);
    }

    public static async Task<int> RunAsync(LoadedOptions loaded)
    {
        await using var app = Build(loaded);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Node");
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException e)
        {
            logger.LogCritical("cannot start: {Error}", e.Message);
            return 1;
        }
    }

    /// <summary>Builds a node, ready to start (tests start it in-process).</summary>
    /// <param name="console">Where its log lines go instead of standard output (a test's own writer).</param>
    /// <param name="kinds">The object kinds it knows instead of <see cref="BuiltInKinds.Objects"/> (a test's own).</param>
    public static WebApplication Build(LoadedOptions loaded, TextWriter? console = null, ObjectKindRegistry? kinds = null)
    {
        var options = loaded.Options;
        Directory.CreateDirectory(options.AbsoluteDataDir);
        var level = new LogLevelSwitch(options.Debug ? LogLevel.Debug : LogLevel.Information);
        var lines = new LineLoggerProvider(Path.Combine(options.AbsoluteLogDir, "easegress.log"), level, console);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Every setting comes from flags or the config file (ServerOptionsLoader); the host reads no settings file
            // from the working directory and watches nothing. By default it would watch the working directory and all
            // below it for appsettings.json: one inotify watch per directory (24,000 when started in /) and CPU on the
            // watcher's thread whenever a file changes anywhere below it.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders()
            .AddProvider(lines)
            .SetMinimumLevel(LogLevel.Debug)   // the switch decides, and can change at run time
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddFilter("Yarp", LogLevel.Error);   // ProxyFilter logs its own one line per failure
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(35));
        var files = OpenFileLimit.Raise();
        ConnectionBudget? connections = null;

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            AdminAccess.Listen(k, options);
        });

        kinds ??= BuiltInKinds.Objects;
        var applied = new AppliedCatalog();
        var replica = new LocalReplica();
        builder.Services.AddSingleton(kinds);
        builder.Services.AddSingleton(lines);
        builder.Services.AddSingleton(applied);
        builder.Services.AddSingleton(replica);
        builder.Services.AddSingleton(sp => new MemberList(sp.GetRequiredService<ActorSystem>(), replica));
        builder.Services.AddSingleton(sp => new StatusCollector(sp.GetRequiredService<ActorSystem>()));
        builder.Services.AddSingleton(sp => new ObjectStore(
            sp.GetRequiredService<ActorRegistry>().Get<ObjectRegion>(),
            replica,
            Akka.Cluster.Cluster.Get(sp.GetRequiredService<ActorSystem>())));
        builder.Services.AddSingleton(sp => new ClusterConsole(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<MemberList>()));

        var settings = ClusterTopology.Settings(options, OptionsDocument.From(options).ToJsonString());
        builder.Services.AddAkka(options.ClusterName, (akka, sp) =>
        {
            var loggerFactory = sp.GetRequiredService<ILoggerFactory>();
            connections ??= files is { } f ? ConnectionBudget.ForFileLimit(f.Limit, loggerFactory.CreateLogger("Connections")) : ConnectionBudget.Unlimited;
            akka.AddSetup(new AkkaLogBridge.Factory(loggerFactory));
            akka.ConfigureLoggers(l =>
            {
                l.LogLevel = options.Debug ? Akka.Event.LogLevel.DebugLevel : Akka.Event.LogLevel.InfoLevel;
                l.ClearLoggers();
                l.AddLogger<AkkaLogBridge>();
            });
            akka.WithEasegress(settings, kinds, system => new TrafficRuntime(new TrafficEnvironment
            {
                Filters = FilterEnvironment.Create(loggerFactory, connections),
                AccessLog = options.DisableAccessLog ? null : new AccessLog(loggerFactory),
                Materializer = system.Materializer(),
                Listeners = new KestrelListenerHost(options.Name, options.TrafficAddress, loggerFactory, TrafficShutdown.DrainTimeout,
                    connections: connections),
            }, kinds), applied, replica);
        });

        builder.Services.AddHostedService<TrafficShutdown>();   // after AddAkka: stops before it
        var app = builder.Build();
        AdminAccess.RequireBasicAuth(app, options.BasicAuth);
        AdminApi.Map(app);
        ClusterApi.Map(app);
        LogsApi.Map(app);
        MetricsApi.Map(app, options);
        level.Changed += l => app.Services.GetRequiredService<ActorSystem>().EventStream.SetLogLevel(
            l <= LogLevel.Debug ? Akka.Event.LogLevel.DebugLevel : Akka.Event.LogLevel.InfoLevel);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Node");
        foreach (var warning in loaded.Warnings) logger.LogWarning("{Warning}", warning);
        LogFileLimit(logger, files);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            logger.LogInformation("member {Name} ({Role}) of cluster {Cluster} started: admin API listening on {Address}, data in {DataDir}",
                options.Name, options.ClusterRole, options.ClusterName, string.Join(", ", addresses ?? []), options.AbsoluteDataDir);
        });
        app.Lifetime.ApplicationStopping.Register(() => logger.LogInformation("member {Name} stopping", options.Name));
        return app;
    }

    private static void LogFileLimit(ILogger logger, OpenFileLimit.Outcome? files)
    {
        if (files is not { } f)
        {
            logger.LogInformation("open files: the limit cannot be read on this system; traffic connections are not budgeted");
            return;
        }
        var budget = ConnectionBudget.ForFileLimit(f.Limit);
        var raised = f.Refusal is not null ? $" (could not raise it: {f.Refusal})" : f.Limit > f.Found ? $" (raised from {f.Found})" : "";
        var low = f.Limit - ConnectionBudget.ReserveOf(f.Limit) < 2 * ConnectionBudget.MinimumShare ? "; too low to serve traffic safely, raise it (ulimit -n)" : "";
        logger.LogInformation("open files: limit {Limit}{Raised}; {Reserve} kept for the admin API, journal, cluster and logs, so traffic " +
            "holds at most {Clients} client and {Backends} backend connections{Low}",
            f.Limit, raised, ConnectionBudget.ReserveOf(f.Limit), budget.Clients, budget.Backends, low);
    }
}
