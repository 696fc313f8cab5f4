using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>What a graph node is, in the compiler's terms.</summary>
public enum NodeKind
{
    /// <summary>The input tokens.</summary>
    Tokens,
    /// <summary>The positions.</summary>
    Indices,
    /// <summary>A constant s-op.</summary>
    Full,
    /// <summary>An elementwise function of one s-op.</summary>
    Map,
    /// <summary>An elementwise function of several s-ops.</summary>
    SequenceMap,
    /// <summary>Attention that averages selected values.</summary>
    Aggregate,
    /// <summary>The decoding step of a selector width: an elementwise function of its attention scalar.</summary>
    SelectorWidth,
    /// <summary>The attention half of a selector width: 1/(width+1) at every query (an internal numerical s-op).</summary>
    WidthScalar,
    /// <summary>A selector (no block of its own).</summary>
    Selector,
}

/// <summary>
/// One node of the program graph. S-op nodes carry a unique residual label; a selector width is split into a
/// <see cref="NodeKind.WidthScalar"/> attention node and a <see cref="NodeKind.SelectorWidth"/> decoding node.
/// </summary>
public sealed class GraphNode
{
    internal GraphNode(int id, NodeKind kind, RaspExpr expr, string label, IReadOnlyList<GraphNode> children)
    {
        Id = id;
        Kind = kind;
        Expr = expr;
        Label = label;
        Children = children;
    }

    /// <summary>A node the compiler adds (e.g. a tuple of selector keys); not part of the program.</summary>
    internal static GraphNode Synthetic(int id, NodeKind kind, RaspExpr expr, string label, IReadOnlyList<GraphNode> children) =>
        new(id, kind, expr, label, children);

    /// <summary>Position in the graph's topological order.</summary>
    public int Id { get; }

    /// <summary>The node's kind.</summary>
    public NodeKind Kind { get; }

    /// <summary>The RASP node (for a width scalar, its selector width).</summary>
    public RaspExpr Expr { get; }

    /// <summary>The residual name: the user's name, or kind_id; unique in the graph.</summary>
    public string Label { get; }

    /// <summary>Direct dependencies (for an aggregate: selector, then value s-op; for a selector width: its scalar).</summary>
    public IReadOnlyList<GraphNode> Children { get; }

    /// <summary>Whether the node is an s-op represented by one number (width scalars are numerical, and so are
    /// aggregates that average numbers under RASP 0.1 semantics).</summary>
    public bool IsNumerical => Kind == NodeKind.WidthScalar || InferredNumerical || (Expr is SOp s && Kind != NodeKind.Selector && s.Encoding == Encoding.Numerical);

    /// <summary>Set by <see cref="DynamicValidator"/> for an aggregate that averages several numbers under RASP 0.1 semantics.</summary>
    public bool InferredNumerical { get; internal set; }

    /// <summary>Whether the node is computed elementwise (by an MLP, possibly fused into its readers).</summary>
    public bool IsElementwise => Kind is NodeKind.Map or NodeKind.SequenceMap or NodeKind.SelectorWidth;

    /// <summary>How to name the node in messages: label and, for text programs, file:line:column.</summary>
    public string Describe() => Expr.Span is null ? $"'{Label}'" : $"'{Label}' ({Expr.Span})";

    /// <inheritdoc />
    public override string ToString() => Label;
}

/// <summary>The program as a DAG: nodes in topological order (children first), the output node last.</summary>
/// <param name="Nodes">Every node, children before parents.</param>
/// <param name="Output">The program's output s-op.</param>
public sealed record ProgramGraph(IReadOnlyList<GraphNode> Nodes, GraphNode Output)
{
    /// <summary>Nodes that read each node (parents), by node id.</summary>
    public IReadOnlyList<GraphNode> ReadersOf(GraphNode node) => Nodes.Where(n => n.Children.Contains(node)).ToList();
}
