namespace Easegress.Specs;

/// <summary>The shapes a spec field's type may have: the collection types specs use, recognised in one place.</summary>
internal static class SpecTypes
{
    /// <summary><c>List&lt;T&gt;</c>, <c>IList&lt;T&gt;</c> or <c>IReadOnlyList&lt;T&gt;</c>.</summary>
    public static bool IsList(Type type, out Type item)
    {
        item = typeof(object);
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        if (definition != typeof(List<>) && definition != typeof(IReadOnlyList<>) && definition != typeof(IList<>)) return false;
        item = type.GetGenericArguments()[0];
        return true;
    }

    /// <summary><c>Dictionary&lt;string, T&gt;</c> or <c>IReadOnlyDictionary&lt;string, T&gt;</c>.</summary>
    public static bool IsMap(Type type, out Type value)
    {
        value = typeof(object);
        if (!type.IsGenericType) return false;
        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        if ((definition != typeof(Dictionary<,>) && definition != typeof(IReadOnlyDictionary<,>)) || arguments[0] != typeof(string)) return false;
        value = arguments[1];
        return true;
    }

    public static bool IsWholeNumber(Type type) => type == typeof(int) || type == typeof(long);
}
