using System.Runtime.CompilerServices;

namespace Glassbox.Rasp;

/// <summary>
/// The C# DSL for RASP with Tracr's names: <c>Rasp.Tokens</c>, <c>Rasp.Map</c>, <c>Rasp.Select</c>,
/// <c>Rasp.Aggregate</c>, … It builds the same AST as the text language. (Inside a namespace under
/// <c>Glassbox</c>, put <c>using Glassbox.Rasp;</c> after the namespace line, or the namespace <c>Glassbox.Rasp</c>
/// hides this class.)
/// </summary>
public static class Rasp
{
    /// <summary>The input tokens (one shared node).</summary>
    public static TokensSOp Tokens { get; } = new();

    /// <summary>The positions 0..n−1 (one shared node).</summary>
    public static IndicesSOp Indices { get; } = new();

    /// <summary>A constant s-op.</summary>
    public static Full Full(Value value) => new(value);

    /// <summary>An elementwise function given as an <see cref="ElementFunction"/>.</summary>
    public static Map Map(ElementFunction function, SOp inner) => new(function, inner);

    /// <summary>An elementwise lambda; its source text becomes the description unless one is given.</summary>
    public static Map Map(Func<Value, Value> f, SOp inner, [CallerArgumentExpression(nameof(f))] string description = "") =>
        new(ElementFunction.Custom(description, f), inner);

    /// <summary>A binary elementwise lambda over two zipped s-ops; its source text becomes the description.</summary>
    public static SequenceMap SequenceMap(Func<Value, Value, Value> f, SOp first, SOp second,
        [CallerArgumentExpression(nameof(f))] string description = "") =>
        new(SequenceFunction.Custom(description, f), EquatableList.Of(first, second));

    /// <summary>An n-ary elementwise function over zipped s-ops.</summary>
    public static SequenceMap SequenceMap(SequenceFunction function, params SOp[] inputs) => new(function, new EquatableList<SOp>(inputs));

    /// <summary><c>select(keys, queries, predicate)</c>.</summary>
    public static Select Select(SOp keys, SOp queries, Predicate predicate) => new(keys, queries, predicate);

    /// <summary><c>select</c> with a custom predicate on (key, query); its source text becomes the description.</summary>
    public static Select Select(SOp keys, SOp queries, Func<Value, Value, bool> predicate,
        [CallerArgumentExpression(nameof(predicate))] string description = "") =>
        new(keys, queries, Predicate.Custom(description, predicate));

    /// <summary><c>aggregate(selector, sop, default)</c>; the default is None as in Tracr (RASP 0.1's text default is 0).</summary>
    public static Aggregate Aggregate(Selector selector, SOp sop, Value @default = default) => new(selector, sop, @default);

    /// <summary>The number of keys each query selects.</summary>
    public static SelectorWidth SelectorWidth(Selector selector) => new(selector);

    /// <summary>Both selectors.</summary>
    public static SelectorAnd SelectorAnd(Selector a, Selector b) => new(a, b);

    /// <summary>Either selector.</summary>
    public static SelectorOr SelectorOr(Selector a, Selector b) => new(a, b);

    /// <summary>The negated selector.</summary>
    public static SelectorNot SelectorNot(Selector a) => new(a);

    /// <summary>A copy annotated numerical.</summary>
    public static SOp Numerical(SOp sop) => sop with { Encoding = Encoding.Numerical };

    /// <summary>A copy annotated categorical.</summary>
    public static SOp Categorical(SOp sop) => sop with { Encoding = Encoding.Categorical };

    /// <summary>RASP's <c>then if cond else otherwise</c> with an s-op condition: zips the three s-ops.</summary>
    public static SequenceMap Where(SOp cond, SOp then, SOp otherwise) =>
        new(SequenceFunction.Ternary, EquatableList.Of(then, cond, otherwise));

    /// <summary>Ternary with an atom branch, promoted to a constant s-op as RASP 0.1 does.</summary>
    public static SequenceMap Where(SOp cond, Value then, SOp otherwise) => Where(cond, Full(then), otherwise);

    /// <summary>Ternary with an atom branch, promoted to a constant s-op as RASP 0.1 does.</summary>
    public static SequenceMap Where(SOp cond, SOp then, Value otherwise) => Where(cond, then, Full(otherwise));

    /// <summary>Ternary with atom branches, promoted to constant s-ops as RASP 0.1 does.</summary>
    public static SequenceMap Where(SOp cond, Value then, Value otherwise) => Where(cond, Full(then), Full(otherwise));

    /// <summary><c>round(sop)</c>, banker's rounding.</summary>
    public static Map Round(SOp sop) => new(ElementFunction.Unary(UnaryOp.Round), sop);

    /// <summary><c>indicator(sop)</c>: 1 where truthy, else 0.</summary>
    public static Map Indicator(SOp sop) => new(ElementFunction.Unary(UnaryOp.Indicator), sop);

    /// <summary><c>not sop</c>, elementwise.</summary>
    public static Map Not(SOp sop) => new(ElementFunction.Unary(UnaryOp.Not), sop);

    /// <summary><c>sop in [..]</c>, elementwise membership.</summary>
    public static Map In(SOp sop, params IReadOnlyList<Value> list) => new(ElementFunction.In(list), sop);

    /// <summary><c>list[sop]</c>, elementwise lookup.</summary>
    public static Map Lookup(IReadOnlyList<Value> list, SOp sop) => new(ElementFunction.LookupIn(list), sop);

    /// <summary><c>dict[sop]</c>, elementwise lookup (keys in the dict's written order).</summary>
    public static Map Lookup(IReadOnlyList<KeyValuePair<Value, Value>> dict, SOp sop) => new(ElementFunction.LookupIn(dict), sop);
}
