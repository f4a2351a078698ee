using Easegress.Protocols.Http;
using Easegress.Listeners;
using Microsoft.AspNetCore.Http;

namespace Easegress.Filters.CertExtractor;

/// <summary>
/// Adds a field of the client's TLS certificate to a request header, as Easegress's CertExtractor: the certificate
/// at <c>certIndex</c> among those the client presented (its own first, then the intermediates it sent; the index
/// wraps around, negative counts from the end), its subject or issuer name, every non-empty value of the field.
/// Values the client itself sent in that header are removed first (Easegress only adds), so the header carries what
/// the certificate says and nothing a client could forge. A request without a client certificate (plain HTTP, or an HTTPServer without <c>caCertBase64</c>) is left as it
/// is; the filter never fails.
/// </summary>
public sealed class CertExtractorFilter(CertExtractorSpec spec) : ISyncFilter<RequestContext>
{
    private readonly string _header = spec.Header;
    private readonly bool _subject = spec.Target == "subject";

    public string Handle(RequestContext context)
    {
        var headers = context.Request.Headers;
        headers.Remove(_header);
        var presented = PeerCertificates.Of(context.Http);
        if (presented.Count == 0) return "";
        var n = presented.Count;
        var certificate = presented[(n + spec.CertIndex % n) % n];
        foreach (var value in NameFields.Values(_subject ? certificate.Subject : certificate.Issuer, spec.Field))
            if (value.Length > 0) headers.Append(_header, value);
        return "";
    }

    public void Dispose() { }
}
