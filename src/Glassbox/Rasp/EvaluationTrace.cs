using System.Collections.ObjectModel;

namespace Glassbox.Rasp;

/// <summary>
/// The value of every node evaluated on one input: a sequence for each s-op and a boolean matrix [query, key]
/// for each selector, keyed by node identity. Lenses and the compiler's residual decoding read it.
/// </summary>
public sealed class EvaluationTrace
{
    private readonly Dictionary<RaspExpr, Value[]> _sops = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RaspExpr, bool[,]> _selectors = new(ReferenceEqualityComparer.Instance);
    private readonly List<RaspExpr> _order = [];

    internal EvaluationTrace(IReadOnlyList<Value> input, AggregateSemantics semantics, bool causal)
    {
        Input = Array.AsReadOnly(input.ToArray());
        Semantics = semantics;
        Causal = causal;
    }

    /// <summary>The input sequence.</summary>
    public ReadOnlyCollection<Value> Input { get; }

    /// <summary>The aggregate semantics used.</summary>
    public AggregateSemantics Semantics { get; }

    /// <summary>Whether every selector was masked to keys at or before the query.</summary>
    public bool Causal { get; }

    /// <summary>Every node evaluated so far on this input (by any root), children before parents.</summary>
    public IReadOnlyList<RaspExpr> Nodes => _order;

    /// <summary>Whether the node has been evaluated in this trace.</summary>
    public bool Contains(RaspExpr node) => _sops.ContainsKey(node) || _selectors.ContainsKey(node);

    /// <summary>The values of an evaluated s-op, one per position.</summary>
    public IReadOnlyList<Value> Values(SOp sop) =>
        _sops.TryGetValue(sop, out var v) ? Array.AsReadOnly(v) : throw new KeyNotFoundException($"s-op {sop.Describe()} was not evaluated in this trace");

    /// <summary>A copy of an evaluated selector's matrix, indexed [query, key].</summary>
    public bool[,] Matrix(Selector selector) =>
        _selectors.TryGetValue(selector, out var m) ? (bool[,])m.Clone() : throw new KeyNotFoundException($"selector {selector.Describe()} was not evaluated in this trace");

    /// <summary>For each query, how many keys the evaluated selector selects.</summary>
    public IReadOnlyList<int> Widths(Selector selector)
    {
        var m = _selectors.TryGetValue(selector, out var s) ? s : throw new KeyNotFoundException($"selector {selector.Describe()} was not evaluated in this trace");
        var widths = new int[m.GetLength(0)];
        for (int q = 0; q < widths.Length; q++)
            for (int k = 0; k < m.GetLength(1); k++)
                if (m[q, k]) widths[q]++;
        return widths;
    }

    internal bool TryGetSop(RaspExpr node, out Value[] values) => _sops.TryGetValue(node, out values!);

    internal bool[,] RawMatrix(Selector selector) => _selectors[selector];

    internal Value[] RawValues(SOp sop) => _sops[sop];

    internal void Add(SOp sop, Value[] values) { _sops[sop] = values; _order.Add(sop); }

    internal void Add(Selector selector, bool[,] matrix) { _selectors[selector] = matrix; _order.Add(selector); }
}
