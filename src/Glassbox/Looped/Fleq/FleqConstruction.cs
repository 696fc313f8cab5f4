using System.Collections.Immutable;

namespace Glassbox.Looped.Fleq;

/// <summary>The looped FLEQ computer's weights: its layers, the residual width they need and the function-stage depth.</summary>
public sealed record FleqWeights(FleqLayout Layout, int Width, ImmutableArray<LoopedLayer> Layers, int FunctionDepth);

/// <summary>
/// The hand-set layers of the looped FLEQ computer (looped.md §3.2): one loop executes one instruction
/// <c>mem[c] = f_m(mem[a], mem[b]); if mem[flag] ≤ 0 goto target</c>.
/// <list type="number">
/// <item><b>fetch</b> (hard attention, as SUBLEQ): the instruction at PC into SI; PC+1 into SNX.</item>
/// <item><b>gather</b> (3 hard heads): mem[a], mem[b] and entry (0,0) of mem[flag] into column 0.</item>
/// <item><b>function stage</b>: every block runs, in parallel, on the gathered operands; block k's layer i is merged
/// into the stage's layer i. Products uᵀw are linearised softmax heads: column 0 holds u (query) and w (key), scores
/// εuᵀw against the reference column's 0 (every other column is masked by −2^33 in an extra key row), so the head
/// reads p = σ(−εuᵀw) and the MLP returns (4/ε)(½ − p) = uᵀw − ε²(uᵀw)³/12. Sums, differences, copies and transposes
/// are exact linear maps; 1/b and 1/√x start from a piecewise-linear ReLU guess (within 13 % and 5 % on
/// [2^−10, 2^10] and [2^−20, 2^20]) followed by 6 Newton steps of products.</item>
/// <item><b>select</b>: RES = the block the lane selector picks (gated ReLUs whose gate row is exactly 0 where open, so
/// exact), and the value the branch tests.</item>
/// <item><b>write</b> (2 hard heads): cell c alone reads column 0 (RES and a marker) and is cleared; FLAG = [tested value ≤ 0].</item>
/// <item><b>branch</b>: cell c ← RES; PC ← FLAG ? target : PC+1; scratch cleared.</item>
/// </list>
/// The weights depend only on L (address bits), S (cell side) and the fixed constants, never on the program.
/// </summary>
public static class FleqConstruction
{
    /// <summary>ε, the softmax scale of the linearised products (2^−23: 4/ε is a power of two).</summary>
    public const double Epsilon = 1.0 / (1 << 23);

    /// <summary>Newton steps after the piecewise-linear start of 1/b and 1/√x.</summary>
    public const int NewtonSteps = 6;

    /// <summary>Reciprocal domain |b| ∈ [2^−10, 2^10]; square-root domain x ∈ [2^−20, 2^20].</summary>
    public const int ReciprocalExponent = 10, RsqrtExponent = 20;

    private const double Gate = 1L << 40;          // |every block's value| stays far below this
    private const double Mask = 1L << 33;          // ε·2^33 = 1024: e^−1024 is 0 in float64
    private const double FlagSlope = 1L << 30;     // FLAG = 1 for v ≤ 0, 0 for v ≥ 2^−30

    /// <summary>One layer of the function stage while it is being planned.</summary>
    private sealed class StageLayer
    {
        public readonly List<(int[] U, int[] W, int P)> Products = [];
        public readonly List<Action<MlpBuilder>> Mlp = [];
    }

    private sealed class Planner(FleqLayout lay)
    {
        private readonly List<StageLayer> _stage = [];
        private readonly List<int> _pRows = [];
        public int Next = lay.FixedWidth;
        public readonly List<(FleqLane Lane, int[] Rows)> Results = [];
        public readonly List<int> Scratch = [];

        public int Row(bool scratch = true)
        {
            if (scratch) Scratch.Add(Next);
            return Next++;
        }

        public int[] Rows(int count, bool scratch = true) => Enumerable.Range(0, count).Select(_ => Row(scratch)).ToArray();

        public StageLayer At(int layer)
        {
            while (_stage.Count <= layer) _stage.Add(new StageLayer());
            return _stage[layer];
        }

        public IReadOnlyList<StageLayer> Stage => _stage;

        /// <summary>uᵀw at function layer <paramref name="layer"/>; <paramref name="decode"/> gets the row p lands in.</summary>
        public void Product(int layer, int[] u, int[] w, Action<MlpBuilder, int> decode)
        {
            var at = At(layer);
            var index = at.Products.Count;
            while (_pRows.Count <= index) _pRows.Add(Row(scratch: false));
            var p = _pRows[index];
            at.Products.Add((u, w, p));
            at.Mlp.Add(mlp => decode(mlp, p));
        }

        /// <summary>row += a·(uᵀw) + c (c in column 0 only), from the head's p; p is cleared.</summary>
        public void Decode(MlpBuilder mlp, int p, params (int Row, double A, double C)[] outs)
        {
            var hp = mlp.Unit(0, (p, 1));
            var hOne = mlp.Unit(0, (lay.One, 1));
            var hIota = mlp.Unit(0, (lay.Iota, 1));
            mlp.Out(hp, p, -1);
            foreach (var (row, a, c) in outs)
            {
                mlp.Out(hp, row, -a * 4 / Epsilon);
                mlp.Out(hOne, row, a * 2 / Epsilon);
                if (c != 0) mlp.Out(hIota, row, c);
            }
        }
    }

    /// <summary>Builds the layers for <paramref name="layout"/>.</summary>
    public static FleqWeights Build(FleqLayout layout)
    {
        var plan = new Planner(layout);
        var s = layout.Side;
        int E(int i, int j) => i * s + j;
        int[] RowOf(int start, int i) => Enumerable.Range(0, s).Select(k => start + E(i, k)).ToArray();
        int[] ColOf(int start, int j) => Enumerable.Range(0, s).Select(k => start + E(k, j)).ToArray();
        int ka = layout.OpA, kb = layout.OpB, entries = layout.Entries;

        // Entry-wise product, scale, matrix product: one layer of heads each.
        var mul = plan.Rows(entries);
        var scale = plan.Rows(entries);
        var matmul = plan.Rows(entries);
        for (var e = 0; e < entries; e++)
        {
            var (m, sc) = (mul[e], scale[e]);
            plan.Product(0, [ka + e], [kb + e], (mlp, p) => plan.Decode(mlp, p, (m, 1, 0)));
            plan.Product(0, [ka], [kb + e], (mlp, p) => plan.Decode(mlp, p, (sc, 1, 0)));
        }
        for (var i = 0; i < s; i++)
            for (var j = 0; j < s; j++)
            {
                var mm = matmul[E(i, j)];
                plan.Product(0, RowOf(ka, i), ColOf(kb, j), (mlp, p) => plan.Decode(mlp, p, (mm, 1, 0)));
            }
        plan.Results.AddRange([(FleqLane.Mul, mul), (FleqLane.Scale, scale), (FleqLane.MatMul, matmul)]);

        // Newton–Schulz: T = 2I − AX, then X·T.
        var t = plan.Rows(entries);
        var newton = plan.Rows(entries);
        for (var i = 0; i < s; i++)
            for (var j = 0; j < s; j++)
            {
                var (tij, nij, diagonal) = (t[E(i, j)], newton[E(i, j)], i == j ? 2.0 : 0.0);
                plan.Product(0, RowOf(ka, i), ColOf(kb, j), (mlp, p) => plan.Decode(mlp, p, (tij, -1, diagonal)));
                plan.Product(1, RowOf(kb, i), ColOf(t[0], j), (mlp, p) => plan.Decode(mlp, p, (nij, 1, 0)));
            }
        plan.At(1).Mlp.Add(mlp => { foreach (var r in t) mlp.Clear(r); });
        plan.Results.Add((FleqLane.Newton, newton));

        // Division: a · (1/b).
        var (recip, recipLayer) = Reciprocal(plan, layout, 0, kb);
        var div = plan.Row();
        plan.Product(recipLayer + 1, [ka], [recip], (mlp, p) => plan.Decode(mlp, p, (div, 1, 0)));
        plan.At(recipLayer + 1).Mlp.Add(mlp => mlp.Clear(recip));
        plan.Results.Add((FleqLane.Div, [div]));

        // Square root: x · (1/√x).
        var (xc, rsqrt, rsqrtLayer) = Rsqrt(plan, layout, 0, ka);
        var sqrt = plan.Row();
        plan.Product(rsqrtLayer + 1, [xc], [rsqrt], (mlp, p) => plan.Decode(mlp, p, (sqrt, 1, 0)));
        plan.At(rsqrtLayer + 1).Mlp.Add(mlp => { mlp.Clear(xc); mlp.Clear(rsqrt); });
        plan.Results.Add((FleqLane.Sqrt, [sqrt]));

        // Power step: W = A·v, then W · (1/√‖W‖²).
        var w = plan.Rows(entries);
        for (var i = 0; i < s; i++)
            for (var j = 0; j < s; j++)
            {
                var wij = w[E(i, j)];
                plan.Product(0, RowOf(ka, i), ColOf(kb, j), (mlp, p) => plan.Decode(mlp, p, (wij, 1, 0)));
            }
        var norm2 = plan.Row();
        plan.Product(1, w, w, (mlp, p) => plan.Decode(mlp, p, (norm2, 1, 0)));
        var (nc, inverseNorm, normLayer) = Rsqrt(plan, layout, 2, norm2);
        var power = plan.Rows(entries);
        for (var e = 0; e < entries; e++)
        {
            var pe = power[e];
            plan.Product(normLayer + 1, [inverseNorm], [w[e]], (mlp, p) => plan.Decode(mlp, p, (pe, 1, 0)));
        }
        plan.At(normLayer + 1).Mlp.Add(mlp => { mlp.Clear(nc); mlp.Clear(inverseNorm); foreach (var r in w) mlp.Clear(r); });
        plan.At(3).Mlp.Add(mlp => mlp.Clear(norm2));
        plan.Results.Add((FleqLane.Power, power));

        var width = plan.Next;
        var layers = ImmutableArray.CreateBuilder<LoopedLayer>();
        layers.Add(Fetch(layout, width));
        layers.Add(Gather(layout, width));
        for (var k = 0; k < plan.Stage.Count; k++)
        {
            var stage = plan.Stage[k];
            var mlp = new MlpBuilder(width);
            foreach (var op in stage.Mlp) op(mlp);
            var heads = stage.Products.Select(pr => ProductHead(layout, width, pr.U, pr.W, pr.P)).ToImmutableArray();
            var (w1, b1, w2, b2) = mlp.Build();
            layers.Add(new LoopedLayer($"function {k + 1}", heads, w1, b1, w2, b2, Epsilon));
        }
        layers.Add(Select(layout, width, plan.Results));
        layers.Add(Write(layout, width));
        layers.Add(BranchLayer(layout, width));
        return new FleqWeights(layout, width, layers.ToImmutable(), plan.Stage.Count);
    }

    /// <summary>1/b from function layer <paramref name="start"/>: clamp, piecewise-linear start, Newton r ← r(2 − br).</summary>
    private static (int Row, int Layer) Reciprocal(Planner plan, FleqLayout lay, int start, int input)
    {
        var bound = Math.Pow(2, ReciprocalExponent);
        var bc = plan.Row();
        plan.At(start).Mlp.Add(mlp => Clamp(mlp, input, bc, -bound, bound));
        var r = plan.Rows(2);
        var knots = Enumerable.Range(-ReciprocalExponent, 2 * ReciprocalExponent + 1).Select(k => Math.Pow(2, k)).ToArray();
        plan.At(start + 1).Mlp.Add(mlp => PiecewiseLinear(mlp, bc, r[0], knots, x => 1 / x, odd: true));
        var tRow = plan.Row();
        var layer = start + 2;
        for (var step = 0; step < NewtonSteps; step++, layer += 2)
        {
            int cur = r[step % 2], next = r[(step + 1) % 2];
            plan.Product(layer, [bc], [cur], (mlp, p) => plan.Decode(mlp, p, (tRow, -1, 2)));
            plan.Product(layer + 1, [cur], [tRow], (mlp, p) => plan.Decode(mlp, p, (next, 1, 0)));
            plan.At(layer + 1).Mlp.Add(mlp => { mlp.Clear(cur); mlp.Clear(tRow); });
        }
        plan.At(layer - 1).Mlp.Add(mlp => mlp.Clear(bc));
        return (r[NewtonSteps % 2], layer - 1);
    }

    /// <summary>1/√x from function layer <paramref name="start"/>: clamp to [0, 2^20], piecewise-linear start, Newton u ← u(3 − xu²)/2.</summary>
    private static (int Clamped, int Row, int Layer) Rsqrt(Planner plan, FleqLayout lay, int start, int input)
    {
        var xc = plan.Row();
        plan.At(start).Mlp.Add(mlp => Clamp(mlp, input, xc, 0, Math.Pow(2, RsqrtExponent)));
        var u = plan.Rows(2);
        var knots = Enumerable.Range(-RsqrtExponent, 2 * RsqrtExponent + 1).Select(k => Math.Pow(2, k)).ToArray();
        plan.At(start + 1).Mlp.Add(mlp => PiecewiseLinear(mlp, xc, u[0], knots, x => 1 / Math.Sqrt(x), odd: false));
        int t1 = plan.Row(), half = plan.Row();
        var layer = start + 2;
        for (var step = 0; step < NewtonSteps; step++, layer += 3)
        {
            int cur = u[step % 2], next = u[(step + 1) % 2];
            plan.Product(layer, [xc], [cur], (mlp, p) => plan.Decode(mlp, p, (t1, 1, 0)));
            plan.Product(layer + 1, [t1], [cur], (mlp, p) => plan.Decode(mlp, p, (half, -0.5, 1.5)));
            plan.At(layer + 1).Mlp.Add(mlp => mlp.Clear(t1));
            plan.Product(layer + 2, [cur], [half], (mlp, p) => plan.Decode(mlp, p, (next, 1, 0)));
            plan.At(layer + 2).Mlp.Add(mlp => { mlp.Clear(cur); mlp.Clear(half); });
        }
        return (xc, u[NewtonSteps % 2], layer - 1);
    }

    /// <summary>to = clamp(from, lo, hi) with lo ≤ 0 ≤ hi (exact inside the range).</summary>
    private static void Clamp(MlpBuilder mlp, int from, int to, double lo, double hi)
    {
        mlp.Out(mlp.Unit(0, (from, 1)), to, 1);
        mlp.Out(mlp.Unit(-hi, (from, 1)), to, -1);
        if (lo < 0)
        {
            mlp.Out(mlp.Unit(0, (from, -1)), to, -1);
            mlp.Out(mlp.Unit(lo, (from, -1)), to, 1);
        }
    }

    /// <summary>
    /// to = g(from), the piecewise-linear interpolant of <paramref name="f"/> through 0 ↦ 0 and the knots, flat after
    /// the last; <paramref name="odd"/> adds g(−x) = −g(x).
    /// </summary>
    private static void PiecewiseLinear(MlpBuilder mlp, int from, int to, double[] knots, Func<double, double> f, bool odd)
    {
        var xs = new[] { 0.0 }.Concat(knots).ToArray();
        var ys = new[] { 0.0 }.Concat(knots.Select(f)).ToArray();
        var slope = 0.0;
        for (var k = 0; k < xs.Length; k++)
        {
            var next = k + 1 < xs.Length ? (ys[k + 1] - ys[k]) / (xs[k + 1] - xs[k]) : 0;
            var change = next - slope;
            slope = next;
            mlp.Out(mlp.Unit(-xs[k], (from, 1)), to, change);
            if (odd) mlp.Out(mlp.Unit(-xs[k], (from, -1)), to, -change);
        }
    }

    private static LoopedHead ProductHead(FleqLayout lay, int d, int[] u, int[] w, int p)
    {
        var q = new WeightMatrix(u.Length + 1, d);
        var k = new WeightMatrix(u.Length + 1, d);
        var v = new WeightMatrix(d, d);
        for (var r = 0; r < u.Length; r++)
        {
            q[r, u[r]] = 1;
            k[r, w[r]] = 1;
        }
        q[u.Length, lay.One] = -Mask;
        k[u.Length, lay.One] = 1;
        k[u.Length, lay.Iota] = -1;
        k[u.Length, lay.Rho] = -1;
        v[p, lay.Rho] = 1;
        return new LoopedHead(q, k, v);
    }

    private static LoopedLayer Fetch(FleqLayout lay, int d)
    {
        int l = lay.AddressBits, width = lay.InstructionWidth;
        var head = SubleqConstruction.AddressHead(d, l, [lay.Pc, lay.Pos], [lay.Pos], Enumerable.Range(0, width).Select(r => (lay.Buf + r, lay.Ins + r)));
        var mlp = new MlpBuilder(d);
        var one0 = mlp.Unit(0, (lay.Iota, 1));
        SubleqConstruction.SnapToColumn0(mlp, lay.Buf, lay.Si, width, lay.Iota, one0);
        SubleqConstruction.Increment(mlp, l, lay.Pc, lay.Snx, lay.Iota, one0);
        return SubleqConstruction.Layer("fetch", [head], mlp);
    }

    private static LoopedLayer Gather(FleqLayout lay, int d)
    {
        int l = lay.AddressBits, k = lay.Entries;
        var heads = ImmutableArray.Create(
            SubleqConstruction.AddressHead(d, l, [lay.Si + lay.FieldA, lay.Pos], [lay.Pos], Enumerable.Range(0, k).Select(e => (lay.Buf + e, lay.Mem + e))),
            SubleqConstruction.AddressHead(d, l, [lay.Si + lay.FieldB, lay.Pos], [lay.Pos], Enumerable.Range(0, k).Select(e => (lay.Buf + k + e, lay.Mem + e))),
            SubleqConstruction.AddressHead(d, l, [lay.Si + lay.FieldFlag, lay.Pos], [lay.Pos], [(lay.Buf + 2 * k, lay.Mem)]));
        var mlp = new MlpBuilder(d);
        for (var e = 0; e < k; e++)
        {
            ToColumn0(mlp, lay, [(lay.Buf + e, 1)], lay.OpA + e);
            ToColumn0(mlp, lay, [(lay.Buf + k + e, 1)], lay.OpB + e);
        }
        ToColumn0(mlp, lay, [(lay.Buf + 2 * k, 1)], lay.Fv);
        for (var r = 0; r <= 2 * k; r++) mlp.Clear(lay.Buf + r);
        return SubleqConstruction.Layer("gather", heads, mlp);
    }

    /// <summary>to += the linear form in column 0 only (|form| &lt; 2^40 elsewhere).</summary>
    private static void ToColumn0(MlpBuilder mlp, FleqLayout lay, (int Row, double W)[] form, int to) =>
        Gated(mlp, form, [lay.Nu], to);

    /// <summary>
    /// to += form where every gate row is 0, and nothing where one is ≥ 1 (ReLU(form − 2^40·Σgates) − ReLU(−form −
    /// 2^40·Σgates)). Gate rows are exactly 0 where the gate opens, so no large number ever meets the value: exact.
    /// </summary>
    private static void Gated(MlpBuilder mlp, (int Row, double W)[] form, int[] gates, int to)
    {
        var closed = gates.Select(g => (g, -Gate)).ToArray();
        mlp.Out(mlp.Unit(0, [.. form, .. closed]), to, 1);
        mlp.Out(mlp.Unit(0, [.. form.Select(t => (t.Row, -t.W)), .. closed]), to, -1);
    }

    private static LoopedLayer Select(FleqLayout lay, int d, List<(FleqLane Lane, int[] Rows)> blocks)
    {
        int k = lay.Entries, s = lay.Side;
        var forms = new Dictionary<FleqLane, Func<int, (int, double)[]>>
        {
            [FleqLane.Copy] = e => [(lay.OpA + e, 1)],
            [FleqLane.Add] = e => [(lay.OpA + e, 1), (lay.OpB + e, 1)],
            [FleqLane.Sub] = e => [(lay.OpA + e, 1), (lay.OpB + e, -1)],
            [FleqLane.Transpose] = e => [(lay.OpA + e % s * s + e / s, 1)],
        };
        foreach (var (lane, rows) in blocks)
            forms[lane] = e => e < rows.Length ? [(rows[e], 1)] : [];
        var mlp = new MlpBuilder(d);
        int isC = lay.Si + lay.FieldFlagIsC, isNotC = lay.Si + lay.FieldFlagIsNotC;
        foreach (var (lane, form) in forms)
        {
            var notChosen = lay.Si + lay.FieldLane + (int)lane;
            for (var e = 0; e < k; e++)
                if (form(e) is { Length: > 0 } f)
                    Gated(mlp, f, [notChosen], lay.Res + e);
            // The tested value when the flag cell is c: the new entry (0, 0).
            Gated(mlp, form(0), [notChosen, isNotC], lay.Fve);
        }
        Gated(mlp, [(lay.Fv, 1)], [isC], lay.Fve);
        foreach (var (_, rows) in blocks) foreach (var r in rows) mlp.Clear(r);
        for (var e = 0; e < k; e++) { mlp.Clear(lay.OpA + e); mlp.Clear(lay.OpB + e); }
        mlp.Clear(lay.Fv);
        return SubleqConstruction.Layer("select", [], mlp);
    }

    private static LoopedLayer Write(FleqLayout lay, int d)
    {
        int l = lay.AddressBits, k = lay.Entries;
        // Column c scores L² on column 0 (key L·p_c) and L(L−1) on itself; every other column scores L(L−1) on itself
        // and at most L(L−2) on column 0: so exactly cell c reads column 0, every other column reads itself.
        LoopedHead Head(IEnumerable<(int To, int From)> values)
        {
            var q = new WeightMatrix(l, d);
            var key = new WeightMatrix(l, d);
            var v = new WeightMatrix(d, d);
            for (var r = 0; r < l; r++)
            {
                q[r, lay.Pos + r] = 1;
                key[r, lay.Si + lay.FieldC + r] = l;
                key[r, lay.Pos + r] = l - 1;
            }
            foreach (var (to, from) in values) v[to, from] = 1;
            return new LoopedHead(q, key, v);
        }
        var heads = ImmutableArray.Create(Head([(lay.Buf, lay.Nu)]), Head(Enumerable.Range(0, k).Select(e => (lay.Buf + 1 + e, lay.Res + e))));
        var mlp = new MlpBuilder(d);
        // BUF = ν of the column read: 0 exactly in cell c, 1 elsewhere. Cell c's entries are cleared here (exactly) and
        // receive RES in the next layer, so the written value is RES itself, not old + (RES − old).
        for (var e = 0; e < k; e++) Gated(mlp, [(lay.Mem + e, -1)], [lay.Buf, lay.Iota], lay.Mem + e);
        // FLAG = 1 when the tested value is ≤ 0 (0 from 2^−30 up); FVE is 0 outside column 0.
        mlp.Out(mlp.Unit(0, (lay.Iota, 1), (lay.Fve, -FlagSlope)), lay.Flag, 1);
        mlp.Out(mlp.Unit(0, (lay.Fve, -FlagSlope)), lay.Flag, -1);
        mlp.Clear(lay.Fve);
        for (var e = 0; e < k; e++) mlp.Clear(lay.Res + e);
        return SubleqConstruction.Layer("write", heads, mlp);
    }

    private static LoopedLayer BranchLayer(FleqLayout lay, int d)
    {
        var mlp = new MlpBuilder(d);
        for (var e = 0; e < lay.Entries; e++) Gated(mlp, [(lay.Buf + 1 + e, 1)], [lay.Buf, lay.Iota], lay.Mem + e);
        for (var r = 0; r <= lay.Entries; r++) mlp.Clear(lay.Buf + r);
        SubleqConstruction.Branch(mlp, lay.AddressBits, lay.Si + lay.FieldTarget, lay.Snx, lay.Flag, lay.Pc);
        for (var r = 0; r < lay.InstructionWidth; r++) mlp.Clear(lay.Si + r);
        for (var r = 0; r < lay.AddressBits; r++) mlp.Clear(lay.Snx + r);
        mlp.Clear(lay.Flag);
        return SubleqConstruction.Layer("branch", [], mlp);
    }
}
