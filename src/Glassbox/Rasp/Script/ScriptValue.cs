using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>A value of the RASP text language: an atom, a list, a dict, an s-op, a selector or a function.</summary>
public abstract record ScriptValue
{
    /// <summary>The type as error messages name it: atom, list, dict, s-op, selector, function.</summary>
    public abstract string TypeName { get; }
}

/// <summary>An atom: int, float, string or bool.</summary>
public sealed record AtomValue(Value Atom) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => Atom.TypeName;
}

/// <summary>A list ("purely for organisation"); elements are any script values.</summary>
public sealed record ListValue(IReadOnlyList<ScriptValue> Items) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "list";
}

/// <summary>A dict with atom keys, in insertion order.</summary>
public sealed record DictValue(IReadOnlyList<KeyValuePair<Value, ScriptValue>> Entries) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "dict";

    /// <summary>The value stored under <paramref name="key"/> (Python key equality), if any.</summary>
    public bool TryGet(Value key, out ScriptValue value)
    {
        for (int i = Entries.Count - 1; i >= 0; i--)
        {
            if (ValueOps.PyEquals(Entries[i].Key, key)) { value = Entries[i].Value; return true; }
        }
        value = null!;
        return false;
    }

    /// <summary>Builds a dict, a later duplicate key replacing the earlier value in its first position.</summary>
    public static DictValue FromPairs(IEnumerable<KeyValuePair<Value, ScriptValue>> pairs)
    {
        var list = new List<KeyValuePair<Value, ScriptValue>>();
        foreach (var pair in pairs)
        {
            int at = list.FindIndex(p => ValueOps.PyEquals(p.Key, pair.Key));
            if (at >= 0) list[at] = new(list[at].Key, pair.Value);
            else list.Add(pair);
        }
        return new DictValue(list);
    }
}

/// <summary>An s-op (a lazy sequence computation).</summary>
public sealed record SOpValue(SOp SOp) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "s-op";
}

/// <summary>A selector (a lazy boolean matrix).</summary>
public sealed record SelectorValue(Selector Selector) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "selector";
}

/// <summary>A function defined with <c>def</c>: a closure over the scope it was defined in.</summary>
public sealed record FunctionValue(DefStatement Definition, Scope Closure, string Origin) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "function";

    /// <summary>The signature as the REPL prints it, e.g. <c>f(a, b)</c>.</summary>
    public string Signature => $"{Definition.Name}({string.Join(", ", Definition.Parameters)})";
}

/// <summary>A function built into the interpreter (the annotations <c>numerical</c> and <c>categorical</c>).</summary>
public sealed record BuiltinFunctionValue(string Name, int Arity, Func<ScriptValue, SourceSpan, ScriptValue> Apply) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "function";
}

/// <summary>
/// The result of applying an s-op or selector to an input, <c>sop("abc")</c>: printed, never a first-class value
/// (as in RASP 0.1).
/// </summary>
public sealed record AppliedValue(IReadOnlyList<Value> Input, IReadOnlyList<Value>? Sequence, bool[,]? Matrix) : ScriptValue
{
    /// <inheritdoc/>
    public override string TypeName => "evaluation result";
}
