namespace Easegress.Ctl.HttpProxy;

/// <summary>Reads the certificate files of <c>create httpproxy --tls</c> into base64, as HTTPServer specs carry them.</summary>
internal static class TlsFiles
{
    public static async Task<TlsMaterial?> ReadAsync(
        bool tls, IReadOnlyList<string> certFiles, IReadOnlyList<string> keyFiles, string? caCertFile, CancellationToken ct)
    {
        if (!tls)
        {
            return certFiles.Count + keyFiles.Count > 0 || caCertFile is not null
                ? throw new CtlException("--cert-file, --key-file and --ca-cert-file need --tls")
                : null;
        }

        if (certFiles.Count != keyFiles.Count)
        {
            throw new CtlException($"--cert-file and --key-file come in pairs (got {certFiles.Count} certificates and {keyFiles.Count} keys)");
        }

        var pairs = new List<(string, string, string)>();
        for (var i = 0; i < certFiles.Count; i++)
        {
            pairs.Add((certFiles[i], await Base64Async(certFiles[i], ct).ConfigureAwait(false), await Base64Async(keyFiles[i], ct).ConfigureAwait(false)));
        }

        return new TlsMaterial(pairs, caCertFile is null ? null : await Base64Async(caCertFile, ct).ConfigureAwait(false));
    }

    private static async Task<string> Base64Async(string file, CancellationToken ct)
    {
        try
        {
            return Convert.ToBase64String(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CtlException($"cannot read \"{file}\": {e.Message}", e);
        }
    }
}
