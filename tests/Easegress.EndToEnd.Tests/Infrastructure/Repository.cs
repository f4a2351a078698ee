using System.Reflection;

namespace Easegress.EndToEnd.Tests.Infrastructure;

/// <summary>Where the repository's built binaries are (the same configuration as these tests).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string Configuration =>
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Binary(string projectDirectory, string assemblyName) =>
        Path.Combine(Root, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");

    public static string Server => Binary("src/Easegress.Node", "easegress-server");
    public static string Egctl => Binary("src/Easegress.Ctl", "egctl");
    public static string Mirror => Binary("examples/backend-service/mirror", "mirror");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Easegress.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Easegress.sln not found above " + AppContext.BaseDirectory);
    }
}
