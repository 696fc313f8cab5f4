using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>The finite set of values an s-op can take on inputs of the compiled vocabulary and lengths.</summary>
/// <param name="Values">Distinct defined values, in <see cref="Value.TotalOrder"/>.</param>
/// <param name="MayBeNone">Whether some position can be undefined (None).</param>
public sealed record ValueSet(IReadOnlyList<Value> Values, bool MayBeNone)
{
    /// <summary>The values as numbers, ascending (only for numeric sets).</summary>
    public double[] Numbers() => Values.Select(v => v.AsDouble()).OrderBy(x => x).ToArray();

    /// <summary>Whether every value is a number (bools count).</summary>
    public bool IsNumeric => Values.All(v => v.IsNumeric);

    /// <summary>Builds a set from any values: Nones become <see cref="MayBeNone"/>, duplicates (Python equality) merge.</summary>
    public static ValueSet Of(IEnumerable<Value> values, bool mayBeNone = false)
    {
        var set = new HashSet<Value>();
        var list = new List<Value>();
        foreach (var v in values)
        {
            if (v.IsNone) { mayBeNone = true; continue; }
            if (set.Add(v)) list.Add(v);
        }
        list.Sort(Value.TotalOrder);
        return new ValueSet(list, mayBeNone);
    }
}

/// <summary>
/// Pass 2: the value set of every s-op, from the vocabulary and the maximum length. Maps and sequence maps apply
/// their function to every reachable combination (a sequence map that reads one s-op twice sees it once, not the
/// Cartesian product); values where the function fails are dropped; a numerical aggregate takes every mean of
/// 1…N values of its input (not only Tracr's v/ℓ); a selector width ranges over 0…N.
/// </summary>
public static class ValueSetInference
{
    /// <summary>Refuse value sets larger than this (the residual needs a direction or MLP cell per value).</summary>
    public const int MaxValues = 20_000;

    /// <summary>The value set of every s-op node of the graph.</summary>
    public static Dictionary<GraphNode, ValueSet> Infer(ProgramGraph graph, CompileOptions options)
    {
        var sets = new Dictionary<GraphNode, ValueSet>();
        foreach (var node in graph.Nodes)
        {
            if (node.Kind == NodeKind.Selector) continue;
            var set = node.Kind switch
            {
                NodeKind.Tokens => ValueSet.Of(options.Vocabulary),
                NodeKind.Indices => ValueSet.Of(Enumerable.Range(0, options.MaxSeqLen).Select(i => (Value)i)),
                NodeKind.Full => ValueSet.Of(new[] { ((Full)node.Expr).Value }),
                NodeKind.WidthScalar => ValueSet.Of(Enumerable.Range(0, options.MaxSeqLen + 1).Select(w => (Value)(1.0 / (w + 1)))),
                NodeKind.SelectorWidth => ValueSet.Of(Enumerable.Range(0, options.MaxSeqLen + 1).Select(w => (Value)w)),
                NodeKind.Map or NodeKind.SequenceMap => Elementwise(node, sets),
                NodeKind.Aggregate => AggregateSet(node, sets, options),
                _ => throw new InvalidOperationException($"no value set rule for {node.Kind}"),
            };
            if (set.Values.Count > MaxValues)
                throw new UserError($"s-op {node.Describe()} can take {set.Values.Count} values (more than {MaxValues}); the compiler needs a small finite value set");
            sets[node] = set;
        }
        return sets;
    }

    private static ValueSet Elementwise(GraphNode node, Dictionary<GraphNode, ValueSet> sets)
    {
        var inputs = node.Children.Distinct().ToList();
        var mayBeNone = inputs.Any(i => sets[i].MayBeNone);
        long combos = inputs.Aggregate(1L, (acc, i) => acc * Math.Max(1, sets[i].Values.Count));
        if (combos > 4_000_000)
            throw new UserError($"s-op {node.Describe()} combines {combos} input value combinations; the compiler needs smaller value sets");
        var results = new List<Value>();
        foreach (var env in Combinations(inputs, sets))
        {
            var v = FusedEvaluator.Apply(node, env);
            if (v is { } value) results.Add(value);
        }
        var set = ValueSet.Of(results, mayBeNone);
        return set with { MayBeNone = set.MayBeNone || mayBeNone };
    }

    /// <summary>Every assignment of defined values to <paramref name="inputs"/>.</summary>
    internal static IEnumerable<Dictionary<GraphNode, Value>> Combinations(IReadOnlyList<GraphNode> inputs, IReadOnlyDictionary<GraphNode, ValueSet> sets)
    {
        var env = new Dictionary<GraphNode, Value>();
        IEnumerable<Dictionary<GraphNode, Value>> Rec(int i)
        {
            if (i == inputs.Count) { yield return new Dictionary<GraphNode, Value>(env); yield break; }
            foreach (var v in sets[inputs[i]].Values)
            {
                env[inputs[i]] = v;
                foreach (var e in Rec(i + 1)) yield return e;
            }
        }
        return Rec(0);
    }

    private static ValueSet AggregateSet(GraphNode node, Dictionary<GraphNode, ValueSet> sets, CompileOptions options)
    {
        var agg = (Aggregate)node.Expr;
        var input = sets[node.Children[1]];
        if (!node.IsNumerical)
        {
            var values = input.Values.ToList();
            if (!agg.Default.IsNone) values.Add(agg.Default);
            return ValueSet.Of(values, agg.Default.IsNone || input.MayBeNone);
        }
        if (!input.IsNumeric)
            throw new UserError($"numerical aggregate {node.Describe()} averages non-numeric values ({string.Join(", ", input.Values.Where(v => !v.IsNumeric).Take(3).Select(v => v.Repr()))}); rule: a mean needs numbers");
        var means = Means(input.Numbers(), options.MaxSeqLen, node);
        var all = means.Select(m => (Value)m).Concat(input.Values).ToList();
        if (!agg.Default.IsNone)
        {
            if (!agg.Default.IsNumeric) throw new UserError($"numerical aggregate {node.Describe()} has a non-numeric default {agg.Default.Repr()}");
            all.Add(agg.Default);
        }
        return ValueSet.Of(all, agg.Default.IsNone || input.MayBeNone);
    }

    /// <summary>Every mean of a multiset of 1…n values drawn from <paramref name="values"/> (deduplicated to 1e-12).</summary>
    internal static IReadOnlyList<double> Means(double[] values, int n, GraphNode node)
    {
        var result = new SortedSet<double>();
        var sums = new SortedSet<double> { 0 };
        for (var len = 1; len <= n; len++)
        {
            var next = new SortedSet<double>();
            foreach (var s in sums) foreach (var v in values) next.Add(Math.Round(s + v, 9));
            sums = next;
            if (sums.Count > MaxValues)
                throw new UserError($"numerical aggregate {node.Describe()} can take more than {MaxValues} mean values; the compiler needs a small finite value set");
            foreach (var s in sums) result.Add(s / len);
        }
        return Dedupe(result);
    }

    private static List<double> Dedupe(IEnumerable<double> sorted)
    {
        var list = new List<double>();
        foreach (var x in sorted)
            if (list.Count == 0 || Math.Abs(x - list[^1]) > 1e-12 * Math.Max(1, Math.Abs(x))) list.Add(x);
        return list;
    }
}
