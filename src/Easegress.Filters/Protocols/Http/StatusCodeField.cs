using Easegress.Specs;

namespace Easegress.Protocols.Http;

/// <summary>A status code written in a spec (a mock's <c>code</c>, a fallback's <c>mockCode</c>).</summary>
internal static class StatusCodeField
{
    public static void Validate(int code, string path)
    {
        if (code is < 100 or > 599) throw new SpecException(path, $"{code} is not an HTTP status code (100-599)");
    }
}
