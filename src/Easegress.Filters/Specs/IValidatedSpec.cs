namespace Easegress.Specs;

/// <summary>A spec type with rules beyond field types; <see cref="SpecBinder"/> calls it after binding.
/// Throw <see cref="SpecException"/> with <paramref name="path"/> joined to the offending field.</summary>
public interface IValidatedSpec
{
    void Validate(string path);
}
