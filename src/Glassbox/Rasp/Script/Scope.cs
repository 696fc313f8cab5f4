using Glassbox.Rasp.Syntax;

namespace Glassbox.Rasp.Script;

/// <summary>
/// One environment of the interpreter: names bound to values, a parent to look further in, and the names nobody may
/// set (the builtins and the standard library). A scope created by <c>load</c> also copies ("steals") every public
/// assignment into the scope that loaded it.
/// </summary>
public sealed class Scope
{
    private readonly Dictionary<string, ScriptValue> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved;

    /// <summary>Creates a scope under <paramref name="parent"/>, reported as <paramref name="origin"/> (console or a file).</summary>
    public Scope(Scope? parent, string origin, Scope? stealInto = null)
    {
        Parent = parent;
        Origin = origin;
        StealInto = stealInto;
        _reserved = parent?._reserved ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The enclosing scope, or null for the base scope.</summary>
    public Scope? Parent { get; }

    /// <summary>"console" for the REPL, the file name for a loaded file.</summary>
    public string Origin { get; }

    /// <summary>Where a loaded file's public assignments are copied, or null.</summary>
    public Scope? StealInto { get; }

    /// <summary>Names bound directly in this scope, in first-binding order.</summary>
    public IEnumerable<string> LocalNames => _values.Keys;

    /// <summary>True when <paramref name="name"/> may not be assigned.</summary>
    public bool IsReserved(string name) => _reserved.Contains(name);

    /// <summary>Marks <paramref name="name"/> reserved in this scope tree (used while building the base scope).</summary>
    public void Reserve(string name) => _reserved.Add(name);

    /// <summary>Looks <paramref name="name"/> up here and then in the parents.</summary>
    public bool TryLookup(string name, out ScriptValue value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
            if (scope._values.TryGetValue(name, out value!)) return true;
        value = null!;
        return false;
    }

    /// <summary>Every name visible from this scope (its own and its parents').</summary>
    public IEnumerable<string> VisibleNames
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var scope = this; scope is not null; scope = scope.Parent)
                foreach (var name in scope._values.Keys)
                    if (seen.Add(name)) yield return name;
        }
    }

    /// <summary>Binds <paramref name="name"/> here, refusing reserved names; copies into <see cref="StealInto"/> too.</summary>
    public void Assign(string name, ScriptValue value, SourceSpan span)
    {
        if (IsReserved(name)) throw new RaspScriptError(span, $"Cannot set reserved name: {name}");
        _values[name] = value;
        if (StealInto is not null && !name.StartsWith('_') && name != "out")
            StealInto.Assign(name, value, span);
    }

    /// <summary>Binds a name without the reserved check (the interpreter's own <c>out</c>, the builtins).</summary>
    internal void Define(string name, ScriptValue value) => _values[name] = value;
}
