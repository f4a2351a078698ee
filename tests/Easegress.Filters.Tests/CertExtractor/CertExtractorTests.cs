using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Easegress.Filters.CertExtractor;
using Easegress.Filters.Tests.Support;

namespace Easegress.Filters.Tests.CertExtractor;

/// <summary>The spec and the name fields; the filter over real mutual TLS is tested in Easegress.Node.Tests.</summary>
public sealed class CertExtractorTests
{
    [Theory]
    [InlineData("target: owner\nfield: CommonName", "filters[0].target: must be one of subject, issuer")]
    [InlineData("target: subject\nfield: Email", "filters[0].field: must be one of Country")]
    [InlineData("target: subject", "filters[0].field")]
    [InlineData("target: subject\nfield: CommonName\ncertIndex: 40000", "filters[0].certIndex")]
    public void Bad_specs_name_the_field(string fields, string expected) =>
        Assert.Contains(expected, TestSpecs.FieldError("CertExtractor", (fields.Contains("certIndex") ? "" : "certIndex: 0\n") + fields));

    [Fact]
    public void Repeated_fields_give_every_value_and_single_ones_the_last()
    {
        // C=DE, a relative name with two values (OU=a+OU=b), another OU, and two common names
        var name = Name([("2.5.4.6", "DE")], [("2.5.4.11", "a"), ("2.5.4.11", "b")], [("2.5.4.11", "c")],
            [("2.5.4.3", "first")], [("2.5.4.3", "second")]);
        Assert.Equal(["DE"], NameFields.Values(name, "Country"));
        var units = NameFields.Values(name, "OrganizationalUnit");
        Assert.Equal(3, units.Count);
        Assert.Contains("a", units);
        Assert.Contains("b", units);
        Assert.Contains("c", units);
        Assert.Equal(["second"], NameFields.Values(name, "CommonName"));
        Assert.Empty(NameFields.Values(name, "PostalCode"));
    }

    private static X500DistinguishedName Name(params (string Oid, string Value)[][] rdns)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var rdn in rdns)
            {
                using (writer.PushSetOf())
                {
                    foreach (var (oid, value) in rdn)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
                        }
                    }
                }
            }
        }
        return new X500DistinguishedName(writer.Encode());
    }

    [Fact]
    public void A_request_without_a_client_certificate_is_left_alone_but_loses_a_forged_header()
    {
        var filter = TestSpecs.Create<CertExtractorFilter>("CertExtractor", "certIndex: 0\ntarget: subject\nfield: CommonName\nheaderKey: X-CN");
        var context = Requests.Context(headers: ("X-CN", "forged"));
        Assert.Equal("", filter.Handle(context));
        Assert.False(context.Request.Headers.ContainsKey("X-CN"));
    }
}
