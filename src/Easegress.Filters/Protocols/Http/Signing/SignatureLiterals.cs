namespace Easegress.Protocols.Http.Signing;

/// <summary>The names and texts a signature uses: query and header names, the algorithm's name, the scope's last
/// part and the prefix of the signing key.</summary>
internal sealed record SignatureLiterals(
    string ScopeSuffix, string AlgorithmName, string AlgorithmValue, string SignedHeaders, string Signature,
    string Date, string Expires, string Credential, string ContentSha256, string SigningKeyPrefix)
{
    /// <summary>Easegress v2's defaults.</summary>
    public static readonly SignatureLiterals Easegress = new(
        "request", "X-Algorithm", "HMAC-SHA256", "X-SignedHeaders", "X-Signature", "X-Date", "X-Expires",
        "X-Credential", "X-Content-Sha256", "");

    /// <summary>AWS Signature Version 4.</summary>
    public static readonly SignatureLiterals Aws4 = new(
        "aws4_request", "X-Amz-Algorithm", "AWS4-HMAC-SHA256", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date",
        "X-Amz-Expires", "X-Amz-Credential", "X-Amz-Content-Sha256", "AWS4");
}
