using Easegress.Specs;

namespace Easegress.Filters;

/// <summary>The fields every filter spec has; each kind's spec derives from it.</summary>
public class FilterSpec
{
    [RequiredField] public string Name { get; set; } = "";
    [RequiredField] public string Kind { get; set; } = "";
}
