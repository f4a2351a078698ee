namespace Easegress.Objects;

/// <summary>The running copy of one controller (an object of a <see cref="ControllerKind"/>): something that talks to the
/// world outside the traffic (a service registry, a certificate authority, an orchestrator). Its side effects must be
/// idempotent: a controller that moves to another member, or is retried after a failed start, does its work again.</summary>
public interface IController : IAsyncDisposable
{
    /// <summary>Takes a new validated spec of the same kind, in place (the controller is not restarted).</summary>
    Task UpdateAsync(object spec);

    /// <summary>What the controller reports of itself; called from any thread while it runs.</summary>
    object Status();
}
