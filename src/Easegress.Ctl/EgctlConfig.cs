using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Easegress.Ctl;

/// <summary>
/// <c>~/.egctlrc</c>, in Easegress's shape: contexts pair a cluster (server address and the CA that signed its
/// certificate) with a user (basic-auth password or client certificate), and <c>current-context</c> picks one.
/// </summary>
internal sealed class EgctlConfig
{
    public string Kind { get; set; } = "Config";
    public string CurrentContext { get; set; } = "";
    public List<NamedContext> Contexts { get; set; } = [];
    public List<NamedCluster> Clusters { get; set; } = [];
    public List<NamedUser> Users { get; set; } = [];

    public sealed class NamedContext { public string Name { get; set; } = ""; public ContextSpec Context { get; set; } = new(); }
    public sealed class ContextSpec { public string Cluster { get; set; } = ""; public string User { get; set; } = ""; }
    public sealed class NamedCluster { public string Name { get; set; } = ""; public ClusterSpec Cluster { get; set; } = new(); }

    public sealed class ClusterSpec
    {
        public string Server { get; set; } = "";
        public string? CertificateAuthority { get; set; }
        public string? CertificateAuthorityData { get; set; }
    }

    public sealed class NamedUser { public string Name { get; set; } = ""; public UserSpec User { get; set; } = new(); }

    public sealed class UserSpec
    {
        public string? Username { get; set; }
        public string? Password { get; set; }
        public string? ClientCertificate { get; set; }
        public string? ClientCertificateData { get; set; }
        public string? ClientKey { get; set; }
        public string? ClientKeyData { get; set; }
    }

    /// <summary><c>$EGCTL_CONFIG</c>, else <c>$HOME/.egctlrc</c>.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("EGCTL_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".egctlrc");

    /// <summary>The file at <paramref name="path"/>, or null when there is none.</summary>
    public static EgctlConfig? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build()
                .Deserialize<EgctlConfig>(File.ReadAllText(path)) ?? new EgctlConfig();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CtlException($"{path}: not a valid egctl config at line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }
    }

    public void Save(string path) =>
        File.WriteAllText(path, new SerializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build().Serialize(this));

    /// <summary>The cluster and user of the current context (each null when not named or not found).</summary>
    public (ClusterSpec? Cluster, UserSpec? User) Current()
    {
        if (CurrentContext.Length == 0) return (null, null);
        var context = Contexts.FirstOrDefault(c => c.Name == CurrentContext)
                      ?? throw new CtlException($"current-context \"{CurrentContext}\" is not among the contexts of the egctl config");
        return (Clusters.FirstOrDefault(c => c.Name == context.Context.Cluster)?.Cluster,
                Users.FirstOrDefault(u => u.Name == context.Context.User)?.User);
    }
}
