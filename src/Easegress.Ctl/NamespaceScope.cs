namespace Easegress.Ctl;

/// <summary>Which namespaces a read covers (<c>--namespace</c>, <c>--all-namespaces</c>); none given means <c>default</c>.</summary>
internal sealed record NamespaceScope(string? Namespace, bool AllNamespaces)
{
    public const string DefaultNamespace = "default";

    public static readonly NamespaceScope Default = new(null, false);

    /// <summary>A namespace other than <c>default</c> was asked for.</summary>
    public bool IsOtherNamespace => !string.IsNullOrEmpty(Namespace) && Namespace != DefaultNamespace;

    /// <summary>The query string for the admin API, empty for the default scope.</summary>
    public string Query
    {
        get
        {
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(Namespace))
            {
                parts.Add("namespace=" + Uri.EscapeDataString(Namespace));
            }

            if (AllNamespaces)
            {
                parts.Add("all-namespaces=true");
            }

            return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
        }
    }
}
