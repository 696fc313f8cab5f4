using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>One term <c>coefficient · base</c> of a linear form over numerical residual directions.</summary>
public sealed record LinearTerm(GraphNode Base, double Coefficient);

/// <summary>
/// The one numerical quantity an MLP may read: <c>z = Σ coefficient·base + constant</c> over numerical s-ops, with the
/// finite set of values z can take (ascending). <see cref="Anchor"/> is the node whose value z is.
/// </summary>
public sealed record NumericVariable(GraphNode Anchor, IReadOnlyList<LinearTerm> Terms, double Constant, double[] Values);

/// <summary>
/// How an elementwise node is computed from materialised residual s-ops: a function of the categorical
/// <see cref="CategoricalBases"/> (one-hot) and at most one <see cref="Numeric"/> variable. Elementwise nodes in
/// between are fused away (Map∘Map, Map∘SequenceMap, a map after a selector width). <see cref="IsLinear"/> marks a
/// numerical node that is exactly the linear form itself.
/// </summary>
public sealed record FusedExpr(GraphNode Node, IReadOnlyList<GraphNode> CategoricalBases, NumericVariable? Numeric, bool IsLinear)
{
    /// <summary>The node's value for one assignment of its inputs (null: undefined).</summary>
    public Value? Evaluate(IReadOnlyList<Value> categorical, double? z)
    {
        var env = new Dictionary<GraphNode, Value>();
        for (var i = 0; i < CategoricalBases.Count; i++) env[CategoricalBases[i]] = categorical[i];
        if (Numeric is not null) env[Numeric.Anchor] = z ?? throw new ArgumentNullException(nameof(z));
        return FusedEvaluator.Apply(Node, env);
    }

    /// <summary>The residual s-ops this expression reads.</summary>
    public IEnumerable<GraphNode> Reads => CategoricalBases.Concat(Numeric?.Terms.Select(t => t.Base) ?? Enumerable.Empty<GraphNode>());
}

/// <summary>
/// Map fusion: decides, for every elementwise node, which inputs its MLP reads, fusing chains of elementwise nodes
/// into one MLP while the lookup table stays small, and which elementwise nodes must be materialised in the
/// residual stream (the output, and nodes that attention reads or that a fused table would make too large).
/// </summary>
public sealed class MapFusion
{
    /// <summary>Largest MLP (hidden units) a fusion may create; beyond it the input is materialised instead.</summary>
    public const int FusionBudget = 4096;

    private readonly Dictionary<GraphNode, ValueSet> sets;
    private readonly List<(GraphNode Node, GraphNode Reader)> synthetic = new();
    private readonly Dictionary<string, (GraphNode Node, Dictionary<Value, Value[]> Components)> tuples = new();
    private int nextId;
    private readonly HashSet<string> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<GraphNode, FusedExpr> exprs = new();
    private readonly HashSet<GraphNode> materialised = new();

    private MapFusion(Dictionary<GraphNode, ValueSet> sets, int firstId)
    {
        this.sets = sets;
        nextId = firstId;
    }

    /// <summary>Tuple nodes added for selectors that combine several key or query s-ops, with the head that reads each.</summary>
    public IReadOnlyList<(GraphNode Node, GraphNode Reader)> Synthetic => synthetic;

    /// <summary>
    /// A materialised tuple of categorical s-ops (one MLP of AND units, one direction per value combination), so a
    /// selector that or/not-combines selects over different s-ops can score one truth table (Tracr #4's workaround,
    /// done by the compiler). Returns the node and, for each tuple value, its components.
    /// </summary>
    public (GraphNode Node, Dictionary<Value, Value[]> Components) Tuple(IReadOnlyList<GraphNode> bases, GraphNode reader)
    {
        var id = string.Join(",", bases.Select(b => b.Id));
        if (tuples.TryGetValue(id, out var known)) return known;
        var components = new Dictionary<Value, Value[]>();
        static Value Key(IReadOnlyList<Value> xs) => Value.String("(" + string.Join(", ", xs.Select(x => x.Repr())) + ")");
        var function = SequenceFunction.Custom("(" + string.Join(", ", bases.Select((_, i) => SequenceFunction.ArgumentName(i))) + ")", bases.Count, xs => Key(xs));
        var expr = new SequenceMap(function, new EquatableList<SOp>(bases.Select(b => (SOp)b.Expr)));
        var label = $"{reader.Label}_{string.Join("_", bases.Select(b => b.Label))}";
        for (var i = 2; !labels.Add(label); i++) label = $"{reader.Label}_{string.Join("_", bases.Select(b => b.Label))}_{i}";
        var node = GraphNode.Synthetic(nextId++, NodeKind.SequenceMap, expr, label, bases);
        var values = new List<Value>();
        foreach (var combo in CategoricalMlp.Combos(bases, sets))
        {
            var key = Key(combo);
            components[key] = combo;
            values.Add(key);
        }
        sets[node] = ValueSet.Of(values);
        exprs[node] = new FusedExpr(node, bases, null, false);
        materialised.Add(node);
        synthetic.Add((node, reader));
        tuples[id] = (node, components);
        return (node, components);
    }

    /// <summary>The fused expression of every elementwise node.</summary>
    public IReadOnlyDictionary<GraphNode, FusedExpr> Exprs => exprs;

    /// <summary>Elementwise nodes that get residual directions (and an MLP of their own).</summary>
    public IReadOnlySet<GraphNode> Materialised => materialised;

    /// <summary>The value set of a node (program or synthetic).</summary>
    public ValueSet SetOf(GraphNode node) => sets[node];

    /// <summary>Plans every elementwise node of <paramref name="graph"/>, children first.</summary>
    public static MapFusion Plan(ProgramGraph graph, Dictionary<GraphNode, ValueSet> sets)
    {
        var fusion = new MapFusion(sets, graph.Nodes.Count);
        foreach (var n in graph.Nodes) fusion.labels.Add(n.Label);
        foreach (var node in graph.Nodes.Where(n => n.IsElementwise)) fusion.exprs[node] = fusion.PlanNode(node);
        return fusion;
    }

    /// <summary>Forces <paramref name="node"/> into the residual stream (if it is elementwise).</summary>
    public void Materialise(GraphNode node)
    {
        if (node.IsElementwise) materialised.Add(node);
    }

    /// <summary>Whether the node has residual directions (inputs, attention outputs, materialised maps).</summary>
    public bool IsResident(GraphNode node) => node.Kind switch
    {
        NodeKind.Full or NodeKind.Selector => false,
        _ when node.IsElementwise => materialised.Contains(node),
        _ => true,
    };

    /// <summary>The numeric variable that reads <paramref name="node"/> as it sits in the residual stream.</summary>
    public NumericVariable Direct(GraphNode node) =>
        new(node, new[] { new LinearTerm(node, 1) }, 0, Numbers(sets[node]));

    private FusedExpr PlanNode(GraphNode node)
    {
        var inline = node.Children.Where(c => c.IsElementwise).Distinct().ToHashSet();
        while (true)
        {
            var cats = new List<GraphNode>();
            var nums = new List<NumericVariable>();
            foreach (var c in node.Children.Distinct())
            {
                if (c.Kind == NodeKind.Full) continue;
                if (inline.Contains(c))
                {
                    var e = exprs[c];
                    foreach (var b in e.CategoricalBases) if (!cats.Contains(b)) cats.Add(b);
                    if (e.Numeric is { } n && nums.All(x => x.Anchor != n.Anchor)) nums.Add(n);
                }
                else if (c.IsNumerical)
                {
                    if (nums.All(x => x.Anchor != c)) nums.Add(Direct(c));
                }
                else if (!cats.Contains(c)) cats.Add(c);
            }

            if (TryLinear(node, inline) is { } linear) return linear;

            if (nums.Count > 1)
            {
                var splittable = inline.FirstOrDefault(c => !c.IsNumerical && exprs[c].Numeric is not null);
                if (splittable is not null) { inline.Remove(splittable); materialised.Add(splittable); continue; }
                var numericInline = inline.FirstOrDefault(c => exprs[c].Numeric is not null && !exprs[c].IsLinear);
                if (numericInline is not null) { inline.Remove(numericInline); materialised.Add(numericInline); continue; }
                throw new UserError($"s-op {node.Describe()} combines the numerical s-ops {string.Join(" and ", nums.Select(n => $"'{n.Anchor.Label}'"))} non-linearly; rule: an MLP reads at most one numerical quantity (a linear combination of numerical s-ops is fine), so make one of them categorical");
            }

            var cost = Cost(cats, nums.FirstOrDefault());
            if (cost > FusionBudget && inline.Count > 0)
            {
                foreach (var c in inline) materialised.Add(c);
                inline.Clear();
                continue;
            }
            return new FusedExpr(node, cats, nums.FirstOrDefault(), false);
        }
    }

    /// <summary>A numerical node that is an affine function of linear numerical inputs is itself a linear form.</summary>
    private FusedExpr? TryLinear(GraphNode node, HashSet<GraphNode> inline)
    {
        if (!node.IsNumerical || node.Kind == NodeKind.SelectorWidth) return null;
        var inputs = node.Children.Where(c => c.Kind != NodeKind.Full).Distinct().ToList();
        if (inputs.Count == 0) return null;
        var forms = new List<NumericVariable>();
        foreach (var c in inputs)
        {
            if (!c.IsNumerical) return null;
            if (inline.Contains(c))
            {
                if (!exprs[c].IsLinear) return null;
                forms.Add(exprs[c].Numeric!);
            }
            else forms.Add(Direct(c));
        }
        if (!sets[node].IsNumeric || sets[node].MayBeNone) return null;
        var childSets = inputs.Select(c => Numbers(sets[c])).ToList();
        long combos = childSets.Aggregate(1L, (a, s) => a * s.Length);
        if (combos > 20_000 || childSets.Any(s => s.Length == 0)) return null;

        double? Eval(double[] xs)
        {
            var env = new Dictionary<GraphNode, Value>();
            for (var i = 0; i < inputs.Count; i++) env[inputs[i]] = xs[i];
            var v = FusedEvaluator.Apply(node, env);
            return v is { IsNumeric: true } n ? n.AsDouble() : null;
        }

        var origin = childSets.Select(s => s[0]).ToArray();
        if (Eval(origin) is not { } f0) return null;
        var coef = new double[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (childSets[i].Length < 2) continue;
            var p = (double[])origin.Clone();
            p[i] = childSets[i][^1];
            if (Eval(p) is not { } fi) return null;
            coef[i] = (fi - f0) / (p[i] - origin[i]);
        }
        var constant = f0 - coef.Select((a, i) => a * origin[i]).Sum();
        foreach (var point in Product(childSets))
        {
            if (Eval(point) is not { } f) return null;
            var lin = constant + coef.Select((a, i) => a * point[i]).Sum();
            if (Math.Abs(f - lin) > 1e-9 * Math.Max(1, Math.Abs(f))) return null;
        }
        var terms = new Dictionary<GraphNode, double>();
        var order = new List<GraphNode>();
        var total = constant;
        for (var i = 0; i < inputs.Count; i++)
        {
            total += coef[i] * forms[i].Constant;
            foreach (var t in forms[i].Terms)
            {
                if (!terms.ContainsKey(t.Base)) { terms[t.Base] = 0; order.Add(t.Base); }
                terms[t.Base] += coef[i] * t.Coefficient;
            }
        }
        var linearTerms = order.Where(b => terms[b] != 0).Select(b => new LinearTerm(b, terms[b])).ToList();
        return new FusedExpr(node, Array.Empty<GraphNode>(), new NumericVariable(node, linearTerms, total, Numbers(sets[node])), true);
    }

    private static IEnumerable<double[]> Product(IReadOnlyList<double[]> sets)
    {
        var idx = new int[sets.Count];
        while (true)
        {
            yield return idx.Select((k, i) => sets[i][k]).ToArray();
            var j = sets.Count - 1;
            while (j >= 0 && ++idx[j] == sets[j].Length) { idx[j] = 0; j--; }
            if (j < 0) yield break;
        }
    }

    private long Cost(IEnumerable<GraphNode> cats, NumericVariable? num)
    {
        long c = cats.Aggregate(1L, (a, b) => a * Math.Max(1, sets[b].Values.Count));
        return num is null ? c : c * (2L * num.Values.Length + 1);
    }

    /// <summary>The numbers of a numeric value set, ascending, near-duplicates (1e-9) merged.</summary>
    public static double[] Numbers(ValueSet set)
    {
        var list = new List<double>();
        foreach (var x in set.Values.Where(v => v.IsNumeric).Select(v => v.AsDouble()).OrderBy(x => x))
            if (list.Count == 0 || x - list[^1] > 1e-9 * Math.Max(1, Math.Abs(x))) list.Add(x);
        return list.ToArray();
    }
}
