using Easegress.Protocols.Http.Signing;
using Easegress.Specs;

namespace Easegress.Filters.Validator;

/// <summary>The Validator's <c>signature</c>: Easegress's signer spec, verifying against <c>accessKeys</c>.</summary>
public sealed class SignatureValidationSpec : SignerSpec
{
    public override void Validate(string path)
    {
        base.Validate(path);
        if (AccessKeys is null || AccessKeys.Count == 0)
            throw new SpecException(SpecException.Join(path, "accessKeys"), "is required: the access key ids and secrets a signature may use");
    }
}
