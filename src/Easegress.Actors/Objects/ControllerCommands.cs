namespace Easegress.Actors.Objects;

/// <summary>What an object's owner tells the controller of a business-controller object (the controllers' shard region
/// routes on <see cref="Name"/>). They live here, beside the owner that sends them, so that Objects does not use
/// Controllers.</summary>
public interface IControllerCommand
{
    string Name { get; }
}

/// <summary>Run the controller at <see cref="Version"/> of the object (started, or updated in place); sent on every
/// create, update and republish. An older version than the one running is ignored.</summary>
public sealed record RunController(string Name, string Kind, long Version, string Document) : IControllerCommand;

/// <summary>The object was deleted at <see cref="Version"/>: stop its controller for good.</summary>
public sealed record StopController(string Name, long Version) : IControllerCommand;
