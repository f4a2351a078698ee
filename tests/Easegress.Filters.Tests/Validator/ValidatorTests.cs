using Easegress.Filters.Tests.Support;
using Easegress.Filters.Validator;

namespace Easegress.Filters.Tests.Validator;

public sealed class ValidatorTests
{
    private static ISyncFilter Validator(string headersYaml) => (ISyncFilter)TestSpecs.Create(TestSpecs.Filter<ValidatorSpec>($"""
        name: v
        kind: Validator
        headers:
        {headersYaml}
        """));

    [Fact]
    public void The_kind_declares_its_result()
    {
        Assert.True(BuiltInKinds.Filters.TryGet("Validator", out var kind));
        Assert.Equal(["invalid"], kind.Results);
    }

    [Fact]
    public void A_request_whose_headers_all_pass_goes_on()
    {
        using var validator = Validator("""
              X-Api-Version:
                values: ["v1", "v2"]
              X-Tenant:
                regexp: "^t-[0-9]+$"
            """);
        var context = Requests.Context(headers: [("X-Api-Version", "v2"), ("X-Tenant", "t-42")]);

        Assert.Equal("", validator.Handle(context));
        Assert.Null(context.Response);
    }

    [Theory]
    [InlineData("v3", "t-42")]      // value not listed
    [InlineData("v1", "tenant-42")] // regexp does not match
    public void A_request_with_a_failing_header_is_answered_400_invalid(string version, string tenant)
    {
        using var validator = Validator("""
              X-Api-Version:
                values: ["v1", "v2"]
              X-Tenant:
                regexp: "^t-[0-9]+$"
            """);
        var context = Requests.Context(headers: [("X-Api-Version", version), ("X-Tenant", tenant)]);

        Assert.Equal("invalid", validator.Handle(context));
        Assert.Equal(400, context.Response!.StatusCode);
    }

    [Fact]
    public void A_missing_header_fails()
    {
        using var validator = Validator("""
              X-Api-Version:
                values: ["v1"]
            """);
        var context = Requests.Context();

        Assert.Equal("invalid", validator.Handle(context));
        Assert.Equal(400, context.Response!.StatusCode);
    }

    [Fact]
    public void Any_one_of_several_header_values_may_pass_by_value_or_regexp()
    {
        using var validator = Validator("""
              X-Role:
                values: ["admin"]
                regexp: "^ops-"
            """);

        Assert.Equal("", validator.Handle(Requests.Context(headers: [("X-Role", "guest"), ("X-Role", "admin")])));
        Assert.Equal("", validator.Handle(Requests.Context(headers: [("X-Role", "guest"), ("X-Role", "ops-eu")])));
        Assert.Equal("invalid", validator.Handle(Requests.Context(headers: [("X-Role", "guest")])));
    }

    [Fact]
    public void Header_names_are_case_insensitive()
    {
        using var validator = Validator("""
              x-api-version:
                values: ["v1"]
            """);

        Assert.Equal("", validator.Handle(Requests.Context(headers: [("X-API-VERSION", "v1")])));
    }

    [Fact]
    public void An_invalid_regexp_is_reported_at_its_field()
    {
        var error = TestSpecs.FilterError("""
            name: v
            kind: Validator
            headers:
              X-Tenant:
                regexp: "([a-z"
            """);

        Assert.StartsWith("filters[0].headers.X-Tenant.regexp: invalid regular expression", error);
    }

    [Fact]
    public void A_header_rule_needs_values_or_a_regexp()
    {
        var error = TestSpecs.FilterError("""
            name: v
            kind: Validator
            headers:
              X-Tenant: {}
            """);

        Assert.Equal("filters[0].headers.X-Tenant: neither values nor regexp is specified", error);
    }

    [Fact]
    public void A_validator_without_validations_is_rejected()
    {
        Assert.Equal("filters[0].headers: none of the validations are defined", TestSpecs.FilterError("""
            name: v
            kind: Validator
            """));
    }
}
