namespace Glassbox.Rasp;

/// <summary>
/// The reference semantics of RASP, the oracle for the compiler and every test. Evaluates s-ops to sequences and
/// selectors to boolean matrices [query, key], with the aggregate semantics chosen explicitly and an optional
/// causal mask (every selector AND-ed with "key ≤ query"). None propagates through Map and SequenceMap as in Tracr;
/// a Select over a None value is an error. Every s-op must hold one type of value (all strings or all numbers).
/// Results are memoised per node (by identity) for the most recent input. An instance is not thread-safe: use one
/// per thread (the static <see cref="Evaluate(SOp, IReadOnlyList{Value}, AggregateSemantics, bool)"/> makes its own).
/// </summary>
public sealed class RaspEvaluator
{
    private EvaluationTrace? _last;
    private RaspExpr? _lastRoot;
    private IReadOnlyList<RaspExpr> _lastOrder = [];

    /// <summary>Creates an evaluator with the given semantics.</summary>
    public RaspEvaluator(AggregateSemantics semantics, bool causal = false)
    {
        Semantics = semantics;
        Causal = causal;
    }

    /// <summary>How aggregates combine values.</summary>
    public AggregateSemantics Semantics { get; }

    /// <summary>Whether selectors are masked to keys at or before the query.</summary>
    public bool Causal { get; }

    /// <summary>Evaluates an s-op on an input.</summary>
    public static IReadOnlyList<Value> Evaluate(SOp sop, IReadOnlyList<Value> input, AggregateSemantics semantics, bool causal = false) =>
        new RaspEvaluator(semantics, causal).Evaluate(sop, input);

    /// <summary>Evaluates an s-op on an input.</summary>
    public IReadOnlyList<Value> Evaluate(SOp sop, IReadOnlyList<Value> input) => Trace(sop, input).Values(sop);

    /// <summary>Evaluates a selector on an input: a matrix [query, key].</summary>
    public bool[,] Evaluate(Selector selector, IReadOnlyList<Value> input) => Trace(selector, input).Matrix(selector);

    /// <summary>Evaluates a node and everything it depends on, returning the value of every node.</summary>
    public EvaluationTrace Trace(RaspExpr root, IReadOnlyList<Value> input)
    {
        for (int i = 0; i < input.Count; i++)
            if (input[i].IsNone) throw new RaspError($"input position {i} is None; inputs must be atoms");
        var trace = _last is not null && _last.Input.SequenceEqual(input, IdenticalComparer.Instance)
            ? _last
            : new EvaluationTrace(input, Semantics, Causal);
        _last = trace;
        if (!ReferenceEquals(root, _lastRoot))
        {
            _lastOrder = root.TopologicalOrder();
            _lastRoot = root;
        }
        foreach (var node in _lastOrder)
        {
            if (trace.Contains(node)) continue;
            switch (node)
            {
                case SOp sop: trace.Add(sop, Checked(sop, Compute(sop, trace))); break;
                case Selector sel: trace.Add(sel, Mask(Compute(sel, trace))); break;
                default: throw new ArgumentException($"unknown node type {node.GetType().Name}");
            }
        }
        return trace;
    }

    private sealed class IdenticalComparer : IEqualityComparer<Value>
    {
        public static readonly IdenticalComparer Instance = new();
        public bool Equals(Value a, Value b) => a.IdenticalTo(b);
        public int GetHashCode(Value v) => HashCode.Combine(v.Kind, v);
    }

    private bool[,] Mask(bool[,] m)
    {
        if (!Causal) return m;
        for (int q = 0; q < m.GetLength(0); q++)
            for (int k = q + 1; k < m.GetLength(1); k++)
                m[q, k] = false;
        return m;
    }

    private static Value[] Checked(SOp sop, Value[] values)
    {
        bool anyString = false, anyNumber = false;
        foreach (var v in values)
        {
            if (v.IsString) anyString = true;
            else if (v.IsNumeric) anyNumber = true;
        }
        if (anyString && anyNumber)
            throw new RaspError($"s-op {sop.Describe()} has values of different types: {ElementFunction.FormatList(values)}; " +
                "one s-op must hold one type (all strings or all numbers). For an aggregate of strings, give a string default, e.g. aggregate(sel, tokens, \"\")");
        return values;
    }

    private static Value[] Compute(SOp sop, EvaluationTrace t)
    {
        int n = t.Input.Count;
        switch (sop)
        {
            case TokensSOp: return t.Input.ToArray();
            case IndicesSOp: return Enumerable.Range(0, n).Select(i => Value.Int(i)).ToArray();
            case Full f: return Enumerable.Repeat(f.Value, n).ToArray();
            case Map m:
            {
                var x = t.RawValues(m.Inner);
                var r = new Value[n];
                int i = 0;
                try
                {
                    for (; i < n; i++) r[i] = x[i].IsNone ? Value.None : m.Function.Apply(x[i]);
                }
                catch (Exception e) when (IsUserFault(e)) { throw Wrap(e, $"evaluation failed in {sop.Describe()} at position {i}"); }
                return r;
            }
            case SequenceMap sm:
            {
                var xs = sm.Inputs.Select(t.RawValues).ToArray();
                var r = new Value[n];
                int i = 0;
                try
                {
                    for (; i < n; i++)
                    {
                        var args = new Value[xs.Length];
                        bool none = false;
                        for (int a = 0; a < xs.Length; a++) { args[a] = xs[a][i]; none |= args[a].IsNone; }
                        r[i] = none ? Value.None : sm.Function.Apply(args);
                    }
                }
                catch (Exception e) when (IsUserFault(e)) { throw Wrap(e, $"evaluation failed in {sop.Describe()} at position {i}"); }
                return r;
            }
            case SelectorWidth sw:
            {
                var m = t.RawMatrix(sw.Selector);
                var r = new Value[n];
                for (int q = 0; q < n; q++)
                {
                    long w = 0;
                    for (int k = 0; k < n; k++) if (m[q, k]) w++;
                    r[q] = Value.Int(w);
                }
                return r;
            }
            case Aggregate agg: return ComputeAggregate(agg, t);
            default: throw new ArgumentException($"unknown s-op type {sop.GetType().Name}");
        }
    }

    private static bool IsUserFault(Exception e) =>
        e is RaspError or InvalidCastException or ArgumentException or IndexOutOfRangeException or KeyNotFoundException
            or FormatException or OverflowException or DivideByZeroException or NullReferenceException;

    private static RaspError Wrap(Exception e, string where) => e is RaspTypeError
        ? new RaspTypeError($"{where}: {e.Message}", e)
        : new RaspError($"{where}: {e.Message}", e);

    private static Value[] ComputeAggregate(Aggregate agg, EvaluationTrace t)
    {
        int n = t.Input.Count;
        var m = t.RawMatrix(agg.Selector);
        var v = t.RawValues(agg.Sop);
        var r = new Value[n];
        var selected = new List<Value>();
        for (int q = 0; q < n; q++)
        {
            selected.Clear();
            for (int k = 0; k < n; k++) if (m[q, k]) selected.Add(v[k]);
            if (selected.Count == 0) { r[q] = agg.Default; continue; }
            if (selected.Count == 1) { r[q] = selected[0]; continue; }
            if (t.Semantics == AggregateSemantics.Rasp01)
            {
                if (selected.Any(x => x.Kind is not (ValueKind.Int or ValueKind.Float)))
                    throw new RaspError($"aggregate {agg.Describe()} at position {q}: asked to average multiple values, but they are non-numbers: {ElementFunction.FormatList(selected)}");
            }
            else
            {
                if (agg.Encoding == Encoding.Categorical)
                    throw new RaspError($"categorical aggregate {agg.Describe()} selects {selected.Count} positions at query {q} ({ElementFunction.FormatList(selected)}); " +
                        "under Tracr semantics a categorical aggregate needs selector width <= 1 (annotate it numerical to average)");
                if (selected.Any(x => !x.IsNumeric))
                    throw new RaspError($"numerical aggregate {agg.Describe()} at position {q} can only average bools, ints and floats: {ElementFunction.FormatList(selected)}");
            }
            r[q] = Mean(selected);
        }
        return r;
    }

    private static Value Mean(List<Value> values)
    {
        if (values.All(x => x.IsIntegral))
        {
            long sum = 0;
            foreach (var x in values) sum = checked(sum + x.AsLong());
            return Value.Float((double)sum / values.Count);
        }
        double s = 0;
        foreach (var x in values) s += x.AsDouble();
        return Value.Float(s / values.Count);
    }

    private static bool[,] Compute(Selector sel, EvaluationTrace t)
    {
        int n = t.Input.Count;
        var m = new bool[n, n];
        switch (sel)
        {
            case Select s:
            {
                var keys = t.RawValues(s.Keys);
                var queries = t.RawValues(s.Queries);
                CheckDefined(s, "keys", s.Keys, keys);
                CheckDefined(s, "queries", s.Queries, queries);
                int q = 0, k = 0;
                try
                {
                    for (q = 0; q < n; q++)
                        for (k = 0; k < n; k++)
                            m[q, k] = s.Predicate.Comparison is { } c ? c.Holds(keys[k], queries[q]) : s.Predicate.Holds(keys[k], queries[q]);
                }
                catch (Exception e) when (IsUserFault(e)) { throw Wrap(e, $"evaluation failed in select {s.Describe()} at query {q}, key {k}"); }
                return m;
            }
            case SelectorAnd a:
            {
                var l = t.RawMatrix(a.Left); var r = t.RawMatrix(a.Right);
                for (int q = 0; q < n; q++) for (int k = 0; k < n; k++) m[q, k] = l[q, k] && r[q, k];
                return m;
            }
            case SelectorOr o:
            {
                var l = t.RawMatrix(o.Left); var r = t.RawMatrix(o.Right);
                for (int q = 0; q < n; q++) for (int k = 0; k < n; k++) m[q, k] = l[q, k] || r[q, k];
                return m;
            }
            case SelectorNot not:
            {
                var x = t.RawMatrix(not.Inner);
                for (int q = 0; q < n; q++) for (int k = 0; k < n; k++) m[q, k] = !x[q, k];
                return m;
            }
            default: throw new ArgumentException($"unknown selector type {sel.GetType().Name}");
        }
    }

    private static void CheckDefined(Select s, string role, SOp sop, Value[] values)
    {
        var nones = Enumerable.Range(0, values.Length).Where(i => values[i].IsNone).ToList();
        if (nones.Count > 0)
            throw new RaspError($"select {s.Describe()} cannot compare undefined values: its {role} {sop.Describe()} are None at positions [{string.Join(", ", nones)}]");
    }
}
