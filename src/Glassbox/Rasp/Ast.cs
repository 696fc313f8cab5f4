namespace Glassbox.Rasp;

/// <summary>
/// A node of a RASP program: an s-op (<see cref="SOp"/>) or a selector (<see cref="Selector"/>). Nodes are
/// immutable records. <c>Equals</c> is structural and ignores <see cref="Name"/> and <see cref="Span"/> (labels,
/// not meaning), so the text language and the C# DSL build equal trees; functions compare by description.
/// Analyses that count heads or allocate residual space key nodes by identity
/// (<see cref="ReferenceEqualityComparer.Instance"/>), because RASP counts a selector built twice as two heads.
/// </summary>
public abstract record RaspExpr
{
    /// <summary>The user's name for the node (an assignment in text, <c>.Named(...)</c> in C#), or null.</summary>
    public string? Name { get; init; }

    /// <summary>Where the node was written, for nodes that came from text.</summary>
    public SourceSpan? Span { get; init; }

    /// <summary>The direct dependencies, in a fixed order (s-ops and selectors).</summary>
    public abstract IEnumerable<RaspExpr> Children { get; }

    /// <summary>The kind of node in Tracr's default-name words: tokens, indices, full, map, sequence_map, aggregate, …</summary>
    public abstract string KindName { get; }

    /// <summary>A short structural description without children, e.g. <c>map(x + 1)</c> or <c>select(==)</c>.</summary>
    public abstract string Summary { get; }

    /// <summary>The name if there is one, else the <see cref="Summary"/>.</summary>
    public string Label => Name ?? Summary;

    /// <summary>The <see cref="Label"/> (records would otherwise print the whole, possibly huge, shared tree).</summary>
    public sealed override string ToString() => Label;

    /// <summary>How to name this node in a message: "'name' (file:line:column)" or "'summary'".</summary>
    public string Describe() => Span is null ? $"'{Label}'" : $"'{Label}' ({Span})";

    /// <summary>
    /// Structural equality: same node types, fields and children; names and spans are ignored. Shared sub-trees are
    /// compared once, so equality and hashing take time linear in the size of the two programs.
    /// </summary>
    public virtual bool Equals(RaspExpr? other) => StructuralEquality.NodesEqual(this, other);

    /// <summary>A hash consistent with the structural equality (computed over the whole program, linear time).</summary>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    /// <summary>Equality of this node's own fields, children excluded (the other node has the same type).</summary>
    internal abstract bool LocalEquals(RaspExpr other);

    /// <summary>A hash of this node's own fields, children excluded.</summary>
    internal abstract int LocalHash();

    /// <summary>Every node reachable from this one (itself included), children before parents, each once (by identity).</summary>
    public IReadOnlyList<RaspExpr> TopologicalOrder()
    {
        var order = new List<RaspExpr>();
        var seen = new HashSet<RaspExpr>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(RaspExpr Node, bool Expanded)>();
        stack.Push((this, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!seen.Add(node)) continue;
            stack.Push((node, true));
            foreach (var child in node.Children.Reverse())
                if (!seen.Contains(child)) stack.Push((child, false));
        }
        return order;
    }
}

/// <summary>A sequence operator: a lazy computation of one value per input position.</summary>
public abstract partial record SOp : RaspExpr
{
    /// <summary>How the compiler represents the s-op (Tracr's annotation); categorical unless annotated.</summary>
    public Encoding Encoding { get; init; } = Encoding.Categorical;

    /// <summary>Structural equality, encoding included (see <see cref="RaspExpr"/>).</summary>
    public virtual bool Equals(SOp? other) => StructuralEquality.NodesEqual(this, other);

    /// <summary>A hash consistent with the structural equality.</summary>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    /// <summary>A copy carrying the given name.</summary>
    public SOp Named(string name) => this with { Name = name };

    /// <summary>A copy with the given source span.</summary>
    public SOp At(SourceSpan? span) => this with { Span = span };
}

/// <summary>The input tokens.</summary>
public sealed record TokensSOp : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(TokensSOp? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [];
    /// <inheritdoc/>
    public override string KindName => "tokens";
    /// <inheritdoc/>
    public override string Summary => "tokens";
}

/// <summary>The positions 0, 1, …, n−1.</summary>
public sealed record IndicesSOp : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(IndicesSOp? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [];
    /// <inheritdoc/>
    public override string KindName => "indices";
    /// <inheritdoc/>
    public override string Summary => "indices";
}

/// <summary>A constant s-op: the same atom at every position (RASP's promoted atoms, Tracr's <c>Full</c>).</summary>
public sealed record Full(Value Value) : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(Full? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => Value.IdenticalTo(((Full)other).Value);

    internal override int LocalHash() => HashCode.Combine(Value.Kind, Value);

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [];
    /// <inheritdoc/>
    public override string KindName => "full";
    /// <inheritdoc/>
    public override string Summary => $"full({Value.Repr()})";

}

/// <summary>An elementwise function of one s-op (an MLP).</summary>
public sealed record Map(ElementFunction Function, SOp Inner) : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(Map? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => Function.Equals(((Map)other).Function);

    internal override int LocalHash() => Function.GetHashCode();

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Inner];
    /// <inheritdoc/>
    public override string KindName => "map";
    /// <inheritdoc/>
    public override string Summary => $"map({Function.Description})";
}

/// <summary>An elementwise function of several s-ops zipped together (usually two; RASP's ternary zips three).</summary>
public sealed record SequenceMap : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(SequenceMap? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => Function.Equals(((SequenceMap)other).Function);

    internal override int LocalHash() => Function.GetHashCode();

    /// <summary>Creates the node; the function's arity must equal the number of inputs.</summary>
    public SequenceMap(SequenceFunction function, EquatableList<SOp> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("a sequence map needs at least one input", nameof(inputs));
        if (function.Arity != inputs.Count)
            throw new ArgumentException($"function '{function.Description}' takes {function.Arity} arguments but {inputs.Count} s-ops were given", nameof(inputs));
        Function = function;
        Inputs = inputs;
    }

    /// <summary>The function.</summary>
    public SequenceFunction Function { get; init; }

    /// <summary>The zipped s-ops, in argument order.</summary>
    public EquatableList<SOp> Inputs { get; init; }

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => Inputs;
    /// <inheritdoc/>
    public override string KindName => "sequence_map";
    /// <inheritdoc/>
    public override string Summary => $"sequence_map({Function.Description})";
}

/// <summary>
/// Attention: for each query position, combine the values at the selected key positions (semantics chosen by
/// <see cref="AggregateSemantics"/>). <see cref="Default"/> is what an empty row gives; the node always carries it
/// (the text language fills in RASP 0.1's 0, Tracr's DSL None).
/// </summary>
public sealed record Aggregate(Selector Selector, SOp Sop, Value Default) : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(Aggregate? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => Default.IdenticalTo(((Aggregate)other).Default);

    internal override int LocalHash() => HashCode.Combine(Default.Kind, Default);

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Selector, Sop];
    /// <inheritdoc/>
    public override string KindName => "aggregate";
    /// <inheritdoc/>
    public override string Summary => $"aggregate(default {Default.Repr()})";
}

/// <summary>The number of selected keys for each query (Tracr's primitive; RASP 0.1 builds it from aggregates).</summary>
public sealed record SelectorWidth(Selector Selector) : SOp
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(SelectorWidth? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Selector];
    /// <inheritdoc/>
    public override string KindName => "selector_width";
    /// <inheritdoc/>
    public override string Summary => "selector_width";
}

/// <summary>A selector: a lazy boolean matrix [query, key] saying which keys each query attends to.</summary>
public abstract partial record Selector : RaspExpr
{
    /// <summary>A copy carrying the given name.</summary>
    public Selector Named(string name) => this with { Name = name };

    /// <summary>A copy with the given source span.</summary>
    public Selector At(SourceSpan? span) => this with { Span = span };
}

/// <summary><c>select(keys, queries, predicate)</c>: query i selects key j when <c>predicate(keys[j], queries[i])</c>.</summary>
public sealed record Select(SOp Keys, SOp Queries, Predicate Predicate) : Selector
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(Select? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => Predicate.Equals(((Select)other).Predicate);

    internal override int LocalHash() => Predicate.GetHashCode();

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Keys, Queries];
    /// <inheritdoc/>
    public override string KindName => "select";
    /// <inheritdoc/>
    public override string Summary => $"select({Predicate.Description})";
}

/// <summary>Both selectors hold (RASP's <c>and</c>; one head).</summary>
public sealed record SelectorAnd(Selector Left, Selector Right) : Selector
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(SelectorAnd? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Left, Right];
    /// <inheritdoc/>
    public override string KindName => "selector_and";
    /// <inheritdoc/>
    public override string Summary => "selector_and";
}

/// <summary>Either selector holds (RASP's <c>or</c>; one head).</summary>
public sealed record SelectorOr(Selector Left, Selector Right) : Selector
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(SelectorOr? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Left, Right];
    /// <inheritdoc/>
    public override string KindName => "selector_or";
    /// <inheritdoc/>
    public override string Summary => "selector_or";
}

/// <summary>The selector negated (RASP's <c>not</c>; one head).</summary>
public sealed record SelectorNot(Selector Inner) : Selector
{
    /// <summary>Structural equality (see <see cref="RaspExpr"/>): names and spans are ignored.</summary>
    public bool Equals(SelectorNot? other) => StructuralEquality.NodesEqual(this, other);

    /// <inheritdoc/>
    public override int GetHashCode() => StructuralEquality.Hash(this);

    internal override bool LocalEquals(RaspExpr other) => true;

    internal override int LocalHash() => 0;

    /// <inheritdoc/>
    public override IEnumerable<RaspExpr> Children => [Inner];
    /// <inheritdoc/>
    public override string KindName => "selector_not";
    /// <inheritdoc/>
    public override string Summary => "selector_not";
}
