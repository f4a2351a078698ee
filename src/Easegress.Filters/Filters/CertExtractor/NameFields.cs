using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Easegress.Filters.CertExtractor;

/// <summary>
/// The fields of a distinguished name by the names Go's <c>pkix.Name</c> gives them. Country, Organization,
/// OrganizationalUnit, Locality, Province, StreetAddress and PostalCode may repeat and give every value in order;
/// SerialNumber and CommonName give one value, the last one, as Go does.
/// </summary>
internal static class NameFields
{
    public static readonly IReadOnlyDictionary<string, string> Oids = new Dictionary<string, string>
    {
        ["Country"] = "2.5.4.6",
        ["Organization"] = "2.5.4.10",
        ["OrganizationalUnit"] = "2.5.4.11",
        ["Locality"] = "2.5.4.7",
        ["Province"] = "2.5.4.8",
        ["StreetAddress"] = "2.5.4.9",
        ["PostalCode"] = "2.5.4.17",
        ["SerialNumber"] = "2.5.4.5",
        ["CommonName"] = "2.5.4.3",
    };

    private static readonly HashSet<string> SingleValued = ["SerialNumber", "CommonName"];

    public static IReadOnlyList<string> Values(X500DistinguishedName name, string field)
    {
        var oid = Oids[field];
        var values = new List<string>();
        try
        {
            var rdns = new AsnReader(name.RawData, AsnEncodingRules.DER).ReadSequence();
            while (rdns.HasData)
            {
                var rdn = rdns.ReadSetOf();
                while (rdn.HasData)
                {
                    var attribute = rdn.ReadSequence();
                    var type = attribute.ReadObjectIdentifier();
                    if (type == oid && Text(attribute) is { } value) values.Add(value);
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }
        return SingleValued.Contains(field) && values.Count > 1 ? [values[^1]] : values;
    }

    private static string? Text(AsnReader attribute)
    {
        var tag = attribute.PeekTag();
        if (tag.TagClass != TagClass.Universal) return null;
        try { return attribute.ReadCharacterString((UniversalTagNumber)tag.TagValue); }
        catch (ArgumentException) { return null; }   // not a string type
    }
}
