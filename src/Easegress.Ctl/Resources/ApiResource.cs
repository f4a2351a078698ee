namespace Easegress.Ctl.Resources;

/// <summary>
/// A kind of thing the kubectl-style commands act on, as <c>/object-api-resources</c> describes object kinds:
/// its category, kind, lower-case name and aliases. <see cref="Member"/> is the one that is not an object.
/// </summary>
internal sealed record ApiResource(string Category, string Kind, string Name, IReadOnlyList<string> Aliases)
{
    public const string ObjectActions = "create,apply,delete,get,describe";
    public const string MemberActions = "delete,get,describe";

    /// <summary>The cluster's members (<c>/status/members</c>).</summary>
    public static readonly ApiResource Member = new("", "Member", "member", ["m", "mem", "members"]);

    public bool IsMember => Kind == Member.Kind;

    /// <summary>What egctl may do with it, as <c>api-resources</c> lists it.</summary>
    public string Actions => IsMember ? MemberActions : ObjectActions;

    /// <summary>The resource a command line names by its name, its kind or one of its aliases.</summary>
    public bool IsNamedBy(string text) => text == Name || text == Kind || Aliases.Contains(text);
}
