using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>
/// Refuses, before any weights exist, programs the compiler cannot realise exactly. Each message names the s-op
/// (with file:line:column for text programs) and the rule. Rules that need value sets (non-numeric means,
/// numerical keys, non-linear numerical combinations, unbounded value sets) are checked by the passes that
/// discover them, with the same message shape.
/// </summary>
public static class Validator
{
    /// <summary>Structural rules.</summary>
    public static void CheckStatic(ProgramGraph graph)
    {
        foreach (var node in graph.Nodes)
        {
            switch (node.Kind)
            {
                case NodeKind.Tokens or NodeKind.Indices when node.IsNumerical:
                    throw new UserError($"{node.Describe()} is numerical; rule: tokens and indices are always categorical");
                case NodeKind.Aggregate:
                {
                    var agg = (Aggregate)node.Expr;
                    var value = node.Children[1];
                    if (!node.IsNumerical && value.IsNumerical)
                        throw new UserError($"categorical aggregate {node.Describe()} reads the numerical s-op {value.Describe()}; rule: a categorical aggregate moves one-hot values, so annotate the aggregate numerical to average numbers");
                    if (node.IsNumerical && !agg.Default.IsNone && !agg.Default.IsNumeric)
                        throw new UserError($"numerical aggregate {node.Describe()} has the non-numeric default {agg.Default.Repr()}; rule: a mean's default is a number");
                    break;
                }
            }
        }
    }
}

/// <summary>Which inputs the dynamic rules were checked on.</summary>
/// <param name="Inputs">How many inputs were evaluated.</param>
/// <param name="Exhaustive">True when they were every input up to max_seq_len; false for a seeded random sample.</param>
public sealed record ValidationCoverage(int Inputs, bool Exhaustive)
{
    /// <summary>The evaluator's output on each checked input (null where it refused), so that verifying on the same
    /// inputs does not evaluate the program again.</summary>
    internal IReadOnlyDictionary<IReadOnlyList<Value>, IReadOnlyList<Value>?>? Outputs { get; init; }
}

/// <summary>Input sequences compared atom by atom with <see cref="Value.IdenticalTo"/> (1, 1.0 and True differ).</summary>
internal sealed class InputComparer : IEqualityComparer<IReadOnlyList<Value>>
{
    /// <summary>The one instance.</summary>
    public static readonly InputComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(IReadOnlyList<Value>? a, IReadOnlyList<Value>? b)
    {
        if (a is null || b is null) return a is null && b is null;
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++) if (!a[i].IdenticalTo(b[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public int GetHashCode(IReadOnlyList<Value> xs)
    {
        var h = new HashCode();
        foreach (var x in xs) h.Add(x);
        return h.ToHashCode();
    }
}

/// <summary>Rules that depend on what the program computes, checked with the evaluator before weights are built.</summary>
public static class DynamicValidator
{
    /// <summary>Inputs are checked exhaustively up to this many, else on a seeded sample of <see cref="Sample"/>.</summary>
    public const int ExhaustiveLimit = 20_000;

    /// <summary>Size of the random sample for large input spaces.</summary>
    public const int Sample = 500;

    /// <summary>
    /// Refuses (1) a categorical aggregate that selects positions holding different values (its one-hots would
    /// mix: the compiled model has no value for an average) — under RASP 0.1 semantics such an aggregate of numbers
    /// averages them, so it is compiled numerical instead — and (2) a numerical s-op that is None somewhere (one
    /// number cannot hold "undefined"). Inputs on which the evaluator refuses for other reasons are skipped.
    /// </summary>
    public static ValidationCoverage Check(ProgramGraph graph, CompileOptions options)
    {
        var program = (SOp)graph.Output.Expr;
        var vocab = options.Vocabulary;
        var exhaustive = Verifier.ExhaustiveCount(vocab.Count, options.MaxSeqLen) <= ExhaustiveLimit;
        var inputs = exhaustive ? Verifier.Exhaustive(vocab, options.MaxSeqLen) : Verifier.Random(vocab, options.MaxSeqLen, Sample, seed: 0);
        var evaluator = new RaspEvaluator(options.Semantics, options.Causal);
        var aggregates = graph.Nodes.Where(n => n.Kind == NodeKind.Aggregate && !n.IsNumerical).ToList();
        var sops = graph.Nodes.Where(n => n.Kind != NodeKind.WidthScalar && n.Kind != NodeKind.Selector && n.Expr is SOp).ToList();
        var undefinedAt = new Dictionary<GraphNode, string>();
        var outputs = new Dictionary<IReadOnlyList<Value>, IReadOnlyList<Value>?>(InputComparer.Instance);
        var count = 0;
        foreach (var input in inputs)
        {
            count++;
            EvaluationTrace trace;
            try { trace = evaluator.Trace(program, input); }
            catch (RaspError)
            {
                foreach (var agg in aggregates) CheckAggregate(agg, evaluator, input);
                outputs[input] = null;
                continue;
            }
            outputs[input] = trace.Values(program);
            if (options.Semantics == AggregateSemantics.Rasp01)
                foreach (var agg in aggregates.Where(a => !a.InferredNumerical))
                    if (Averages(agg, trace, input.Count)) agg.InferredNumerical = true;
            foreach (var node in sops)
            {
                if (undefinedAt.ContainsKey(node)) continue;
                var values = trace.Values((SOp)node.Expr);
                for (var p = 0; p < values.Count; p++)
                    if (values[p].IsNone) { undefinedAt[node] = $"position {p} of input [{string.Join(" ", input)}]"; break; }
            }
        }
        foreach (var node in sops.Where(n => n.IsNumerical && undefinedAt.ContainsKey(n)))
            throw new UserError($"numerical s-op {node.Describe()} is undefined (None) at {undefinedAt[node]}; rule: a numerical s-op holds one number per position, so give its aggregate a default (e.g. 0) or make it categorical");
        return new ValidationCoverage(count, exhaustive) { Outputs = outputs };
    }

    /// <summary>Whether some query of the aggregate selects several different values (RASP 0.1 then averages them).</summary>
    private static bool Averages(GraphNode node, EvaluationTrace trace, int n)
    {
        var agg = (Aggregate)node.Expr;
        var m = trace.Matrix(agg.Selector);
        var values = trace.Values(agg.Sop);
        for (var q = 0; q < n; q++)
        {
            Value? first = null;
            for (var k = 0; k < n; k++)
            {
                if (!m[q, k]) continue;
                if (first is null) first = values[k];
                else if (!first.Value.Equals(values[k])) return true;
            }
        }
        return false;
    }

    private static void CheckAggregate(GraphNode node, RaspEvaluator evaluator, IReadOnlyList<Value> input)
    {
        var agg = (Aggregate)node.Expr;
        bool[,] m;
        IReadOnlyList<Value> values;
        try
        {
            m = evaluator.Evaluate(agg.Selector, input);
            values = evaluator.Evaluate(agg.Sop, input);
        }
        catch (RaspError) { return; }
        for (var q = 0; q < input.Count; q++)
        {
            var selected = new List<Value>();
            for (var k = 0; k < input.Count; k++) if (m[q, k]) selected.Add(values[k]);
            if (selected.Distinct().Count() > 1)
                throw new UserError($"categorical aggregate {node.Describe()} selects different values at query position {q} of input [{string.Join(" ", input)}]: {string.Join(", ", selected.Select(v => v.Repr()))}; rule: a categorical aggregate must select at most one value (annotate it numerical to average numbers)");
        }
    }
}
