using System.CommandLine;

namespace Easegress.Ctl.Commands;

/// <summary><c>--namespace</c> and <c>--all-namespaces</c> of <c>get</c> and <c>describe</c>.</summary>
internal sealed class NamespaceOptions
{
    public Option<string?> Namespace { get; } = new("--namespace")
    {
        Description = "The namespace to read (objects created by users are in 'default')",
        HelpName = "namespace",
    };

    public Option<bool> AllNamespaces { get; } = new("--all-namespaces")
    {
        Description = "Read every namespace",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Namespace);
        command.Options.Add(AllNamespaces);
    }

    public NamespaceScope Scope(ParseResult parse)
    {
        var scope = new NamespaceScope(parse.GetValue(Namespace)?.Trim(), parse.GetValue(AllNamespaces));
        if (scope.AllNamespaces && !string.IsNullOrEmpty(scope.Namespace))
        {
            throw new CtlException("--namespace and --all-namespaces cannot be given together");
        }

        return scope;
    }
}
