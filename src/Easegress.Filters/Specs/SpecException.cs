namespace Easegress.Specs;

/// <summary>A spec that cannot be accepted. <see cref="Path"/> names the field (<c>filters[1].pools[0].servers[0].url</c>).</summary>
public sealed class SpecException(string path, string problem) : Exception(path.Length == 0 ? problem : $"{path}: {problem}")
{
    public string Path { get; } = path;
    public string Problem { get; } = problem;

    public static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";
    public static string Index(string path, int index) => $"{path}[{index}]";
}
