using Easegress.Threading;
using Akka.Actor;
using Akka.Configuration;

namespace Easegress.Filters.Tests.Support;

/// <summary>An actor system pipeline graphs can run in, as a node's: with the request-thread dispatcher, quiet.</summary>
internal static class GraphActors
{
    public static ActorSystem Create(string name) => ActorSystem.Create(name,
        ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING").WithFallback(RequestThreadDispatcher.Config));
}
