using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary>The <c>RESOURCE [NAME]</c> arguments of the kubectl-style commands.</summary>
internal static class ResourceArguments
{
    public static Argument<string> Resource(string description = "The resource: a kind, its name or an alias (see egctl api-resources)") =>
        new("resource") { Description = description };

    public static Argument<string?> OptionalName() => new("name")
    {
        Description = "The resource's name; every one of that resource when omitted",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
