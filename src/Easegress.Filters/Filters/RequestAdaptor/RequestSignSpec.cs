using Easegress.Protocols.Http.Signing;
using Easegress.Specs;

namespace Easegress.Filters.RequestAdaptor;

/// <summary>The RequestAdaptor's <c>sign</c>: Easegress's signer spec signing with <c>accessKeyId</c> and
/// <c>accessKeySecret</c> under the given <see cref="Scopes"/>; <c>apiProvider: aws4</c> picks AWS's literals.</summary>
public sealed class RequestSignSpec : SignerSpec
{
    public const string Aws4 = "aws4";

    /// <summary>A predefined set of literals: <c>aws4</c>, or none (the <c>literal</c> field, else Easegress's).</summary>
    public string? ApiProvider { get; set; }
    /// <summary>The scopes between the date and the suffix: for AWS, the region and the service.</summary>
    public List<string>? Scopes { get; set; }

    public override void Validate(string path)
    {
        base.Validate(path);
        if (!string.IsNullOrEmpty(ApiProvider))
        {
            if (ApiProvider != Aws4)
                throw new SpecException(SpecException.Join(path, "apiProvider"), $"\"{ApiProvider}\" is not a predefined signer configuration (aws4)");
            if (Literal is not null)
                throw new SpecException(SpecException.Join(path, "literal"), "cannot be combined with apiProvider, which sets the literals");
        }
        if (string.IsNullOrEmpty(AccessKeyId)) throw new SpecException(SpecException.Join(path, "accessKeyId"), "is required to sign");
        if (string.IsNullOrEmpty(AccessKeySecret)) throw new SpecException(SpecException.Join(path, "accessKeySecret"), "is required to sign");
        for (var i = 0; i < (Scopes?.Count ?? 0); i++)
            if (Scopes![i].Length == 0 || Scopes[i].Contains('/'))
                throw new SpecException(SpecException.Index(SpecException.Join(path, "scopes"), i), "must be non-empty and have no /");
    }

    internal SignatureLiterals SigningLiterals => ApiProvider == Aws4 ? SignatureLiterals.Aws4 : Literals;
}
