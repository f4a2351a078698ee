using System.Reflection;
using System.Reflection.Emit;

namespace Easegress.Node.Tests.Architecture;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled code: signatures (base types, interfaces, fields,
/// properties, parameters, return types, attributes) and method bodies (every type, method and field an instruction
/// names). Compiler-made types (lambdas, state machines) count for the type they are nested in.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
                                          | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private readonly Assembly _assembly;
    private readonly string _prefix;

    /// <summary>Edges: namespace → namespaces it uses → one example of a type that uses one there.</summary>
    public Dictionary<string, Dictionary<string, string>> Uses { get; } = new(StringComparer.Ordinal);

    private NamespaceGraph(Assembly assembly, string prefix)
    {
        _assembly = assembly;
        _prefix = prefix;
    }

    public static NamespaceGraph Of(Assembly assembly, string prefix = "Easegress")
    {
        var graph = new NamespaceGraph(assembly, prefix);
        foreach (var type in assembly.GetTypes()) graph.Read(type);
        return graph;
    }

    /// <summary>The groups of namespaces that use each other in a circle (strongly connected, more than one).</summary>
    public List<List<string>> Cycles()
    {
        var index = 0;
        var indexes = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<List<string>>();

        void Visit(string v)
        {
            indexes[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in Uses.TryGetValue(v, out var e) ? e.Keys.ToList() : [])
            {
                if (!indexes.ContainsKey(w)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], indexes[w]);
            }
            if (low[v] != indexes[v]) return;
            var group = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); group.Add(x); } while (x != v);
            if (group.Count > 1) cycles.Add(group.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var v in Uses.Keys.Order(StringComparer.Ordinal))
            if (!indexes.ContainsKey(v)) Visit(v);
        return cycles;
    }

    private void Read(Type type)
    {
        var from = Owner(type);
        if (from.Namespace is not { } ns || !Ours(ns)) return;
        void Use(Type? used) => Add(ns, from, used);

        Use(type.BaseType);
        foreach (var i in type.GetInterfaces()) Use(i);
        foreach (var a in type.CustomAttributes) Use(a.AttributeType);
        foreach (var f in type.GetFields(Declared)) Use(f.FieldType);
        foreach (var p in type.GetProperties(Declared)) Use(p.PropertyType);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) Use(mi.ReturnType);
            foreach (var p in m.GetParameters()) Use(p.ParameterType);
            ReadBody(m, ns, from);
        }
    }

    private void ReadBody(MethodBase method, string ns, Type from)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException) { return; }
        if (il is null) return;
        var typeArgs = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE) value = (short)(0xFE00 | il[at++]);
            if (!OpCodesByValue.TryGetValue(value, out var op)) return;   // not an instruction we know: stop reading
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    try
                    {
                        switch (method.Module.ResolveMember(token, typeArgs, methodArgs))
                        {
                            case Type used: Add(ns, from, used); break;
                            case MethodInfo m:
                                Add(ns, from, m.DeclaringType);
                                if (m.IsGenericMethod) foreach (var g in m.GetGenericArguments()) Add(ns, from, g);
                                break;
                            case MemberInfo member: Add(ns, from, member.DeclaringType); break;
                        }
                    }
                    catch (ArgumentException) { }
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += Size(op.OperandType);
                    break;
            }
        }
    }

    private static int Size(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private void Add(string ns, Type from, Type? used)
    {
        if (used is null) return;
        if (used.HasElementType) { Add(ns, from, used.GetElementType()); return; }
        if (used.IsGenericType && !used.IsGenericTypeDefinition)
            foreach (var g in used.GetGenericArguments()) Add(ns, from, g);
        if (used.IsGenericParameter || used.Assembly != _assembly) return;
        var owner = Owner(used);
        if (owner.Namespace is not { } target || target == ns || !Ours(target)) return;
        if (!Uses.TryGetValue(ns, out var edges)) Uses[ns] = edges = new(StringComparer.Ordinal);
        edges.TryAdd(target, $"{from.Name} uses {owner.Name}");
    }

    private bool Ours(string ns) => ns == _prefix || ns.StartsWith(_prefix + ".", StringComparison.Ordinal);

    private static Type Owner(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }
}
