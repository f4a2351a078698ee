using Easegress.Specs;

namespace Easegress.Tracing;

/// <summary>The collector addresses of a <see cref="TracingSpec"/>.</summary>
internal static class TracingUrls
{
    public static void RequireHttp(string url, string path)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new SpecException(path, $"\"{url}\" is not an http or https URL");
    }

    /// <summary>The OTLP endpoint as the exporter wants it: a URL (<c>host:port</c> gets <c>http://</c> when insecure,
    /// else <c>https://</c>), posting to <c>/v1/traces</c> over HTTP when no path is given (as Go's exporter does).</summary>
    public static Uri OtlpUri(OtlpExporterSpec spec)
    {
        var text = spec.Endpoint.Contains("://", StringComparison.Ordinal) ? spec.Endpoint
            : (spec.Insecure ? "http://" : "https://") + spec.Endpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) return new Uri("invalid:" + Uri.EscapeDataString(spec.Endpoint));
        return spec.UsesHttp && uri.AbsolutePath is "/" or "" ? new Uri(uri, "/v1/traces") : uri;
    }
}
