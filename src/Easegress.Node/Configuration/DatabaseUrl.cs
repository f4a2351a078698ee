using Npgsql;

namespace Easegress.Node.Configuration;

/// <summary>The <c>database-url</c> option: <c>postgres://user:password@host:port/database[?sslmode=require]</c>.</summary>
public static class DatabaseUrl
{
    public static string ToConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || uri.Host.Length == 0)
            throw new OptionsError($"--database-url: \"{Redacted(url)}\" is not a postgres://user:password@host:port/database URL");
        var database = uri.AbsolutePath.Trim('/');
        if (database.Length == 0) throw new OptionsError("--database-url: the URL names no database (postgres://...@host:port/DATABASE)");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(database),
        };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0) builder.Username = Uri.UnescapeDataString(user[0]);
        if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv[0] == "sslmode" && kv.Length == 2)
            {
                builder.SslMode = Enum.TryParse<SslMode>(kv[1], ignoreCase: true, out var mode) ? mode
                    : throw new OptionsError($"--database-url: sslmode \"{kv[1]}\" is not disable, prefer, require, verify-ca or verify-full");
            }
        }
        return builder.ConnectionString;
    }

    /// <summary>The URL with its password hidden, for logs and --print-config.</summary>
    public static string Redacted(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.UserInfo.Contains(':')) return url;
        var user = uri.UserInfo.Split(':', 2)[0];
        return new UriBuilder(uri) { UserName = user, Password = "xxxxx" }.Uri.ToString();
    }
}
