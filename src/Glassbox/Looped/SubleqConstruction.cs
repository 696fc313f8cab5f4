using System.Collections.Immutable;

namespace Glassbox.Looped;

/// <summary>
/// The hand-set weights of the looped SUBLEQ computer: three layers per instruction (looped.md §7, with reads that
/// take the whole addressed word instead of a 50/50 tie, so no gate grows with N). The weights depend only on the
/// layout's L and N, never on the program or its data.
/// <list type="bullet">
/// <item><b>fetch</b>: column 0 attends to the instruction column whose code equals PC; the MLP snaps it into SI and
/// computes PC+1 into SNX with a plateau-step incrementer.</item>
/// <item><b>gather + subtract</b>: two heads read mem[a] and mem[b] into BUF; the MLP writes the N bits of
/// mem[b] − mem[a] mod 2^N into SRES in one layer (bit i = U_{p−1} − U_{2p−1} + U_{3p−1} of S_i = lin_i + 2^i ι) and the
/// branch flag (sign bit + zero test) into FLAG.</item>
/// <item><b>scatter + branch</b>: column b ties 50/50 with column 0 and receives ½(old + result); the MLP snaps
/// 2·BUF − MEM back into MEM in every memory column, selects PC := FLAG ? p_c : PC+1, and clears the scratch rows.</item>
/// </list>
/// </summary>
public static class SubleqConstruction
{
    /// <summary>The three layers for <paramref name="layout"/> (which fixes d, L and N).</summary>
    public static ImmutableArray<LoopedLayer> Build(SubleqLayout layout) => [Fetch(layout), Gather(layout), Scatter(layout)];

    private static (int, double)[] None => [];

    /// <summary>Row of bit j (1 = LSB) of an N-bit field that starts (MSB) at <paramref name="start"/>.</summary>
    internal static int BitRow(int start, int width, int j) => start + width - j;

    private static LoopedHead Head(SubleqLayout lay, IEnumerable<int> queryRows, IEnumerable<int> keyRows, IEnumerable<(int To, int From)> values) =>
        AddressHead(lay.Width, lay.AddressBits, queryRows, keyRows, values);

    /// <summary>
    /// A hard-attention addressing head: query = Σ of the L-row fields at <paramref name="queryRows"/>, key = Σ of the
    /// fields at <paramref name="keyRows"/>, value copies row From into row To.
    /// </summary>
    internal static LoopedHead AddressHead(int d, int l, IEnumerable<int> queryRows, IEnumerable<int> keyRows, IEnumerable<(int To, int From)> values)
    {
        var q = new WeightMatrix(l, d);
        var k = new WeightMatrix(l, d);
        var v = new WeightMatrix(d, d);
        foreach (var start in queryRows) for (var r = 0; r < l; r++) q[r, start + r] = 1;
        foreach (var start in keyRows) for (var r = 0; r < l; r++) k[r, start + r] = 1;
        foreach (var (to, from) in values) v[to, from] = 1;
        return new LoopedHead(q, k, v);
    }

    internal static LoopedLayer Layer(string name, ImmutableArray<LoopedHead> heads, MlpBuilder mlp)
    {
        var (w1, b1, w2, b2) = mlp.Build();
        return new LoopedLayer(name, heads, w1, b1, w2, b2);
    }

    /// <summary>Layer 1: fetch the instruction at PC into SI and compute PC+1 into SNX.</summary>
    private static LoopedLayer Fetch(SubleqLayout lay)
    {
        int l = lay.AddressBits, d = lay.Width;
        var head = Head(lay, [lay.Pc, lay.Pos], [lay.Pos], Enumerable.Range(0, 3 * l).Select(r => (lay.Buf + r, lay.Ins + r)));
        var mlp = new MlpBuilder(d);
        var one0 = mlp.Unit(0, (lay.Iota, 1));                 // 1 in column 0 only
        SnapToColumn0(mlp, lay.Buf, lay.Si, 3 * l, lay.Iota, one0);
        Increment(mlp, l, lay.Pc, lay.Snx, lay.Iota, one0);
        return Layer("fetch", [head], mlp);
    }

    /// <summary>
    /// Rows to…to+count ← Snap(rows from…) in column 0 only (Snap = −1 + U_{−1} + U_0 maps ±1 and 0 to themselves
    /// within ±¼), and the source rows cleared everywhere; the source is within ±1 elsewhere (gate 16).
    /// </summary>
    internal static void SnapToColumn0(MlpBuilder mlp, int from, int to, int count, int iota, int one0)
    {
        const double g = 16;
        (int, double)[] toColumn0 = [(iota, g)];
        for (var r = 0; r < count; r++)
        {
            (int, double)[] form = [(from + r, 1)];
            mlp.Step(form, 0, -1, toColumn0, -g, (to + r, 1));
            mlp.Step(form, 0, 0, toColumn0, -g, (to + r, 1));
            mlp.Out(one0, to + r, -1);
            mlp.Clear(from + r);
        }
    }

    /// <summary>
    /// SNX = PC + 1 (mod 2^L) in column 0: S_i = Σ_{j≤i} 2^{j−2} π_j + (2^i − 1)/2 + 1 = (pc mod 2^i) + 1 and
    /// bit_i = U_{p−1}(S) − U_{2p−1}(S); <paramref name="one0"/> is a unit that is 1 in column 0 only.
    /// </summary>
    internal static void Increment(MlpBuilder mlp, int l, int pc, int snx, int iota, int one0)
    {
        var gate = Math.Pow(2, l + 3);
        (int, double)[] toColumn0Big = [(iota, gate)];
        for (var i = 1; i <= l; i++)
        {
            var p = Math.Pow(2, i - 1);
            var form = Enumerable.Range(1, i).Select(j => (BitRow(pc, l, j), Math.Pow(2, j - 2))).ToArray();
            var constant = (Math.Pow(2, i) - 1) / 2 + 1;
            var row = BitRow(snx, l, i);
            mlp.Step(form, constant, p - 1, toColumn0Big, -gate, (row, 2));
            mlp.Step(form, constant, 2 * p - 1, toColumn0Big, -gate, (row, -2));
            mlp.Out(one0, row, -1);
        }
    }

    /// <summary>PC ← FLAG ? target : SNX over L rows (replacing the old PC), exact for FLAG ∈ {0, 1} and codes in {±1}.</summary>
    internal static void Branch(MlpBuilder mlp, int l, int target, int snx, int flag, int pc)
    {
        for (var r = 0; r < l; r++)
        {
            int c = target + r, q = snx + r, row = pc + r;
            mlp.Clear(row);
            mlp.Out(mlp.Unit(-1, (c, 1), (flag, 1)), row, 1);
            mlp.Out(mlp.Unit(-1, (c, -1), (flag, 1)), row, -1);
            mlp.Out(mlp.Unit(0, (q, 1), (flag, -1)), row, 1);
            mlp.Out(mlp.Unit(0, (q, -1), (flag, -1)), row, -1);
        }
    }

    /// <summary>Layer 2: read mem[a] and mem[b], write mem[b] − mem[a] into SRES and the branch flag into FLAG.</summary>
    private static LoopedLayer Gather(SubleqLayout lay)
    {
        int l = lay.AddressBits, n = lay.Bits, d = lay.Width;
        int bufA = lay.Buf, bufB = lay.Buf + n;
        var headA = Head(lay, [lay.Si, lay.Pos], [lay.Pos], Enumerable.Range(0, n).Select(r => (bufA + r, lay.Mem + r)));
        var headB = Head(lay, [lay.Si + l, lay.Pos], [lay.Pos], Enumerable.Range(0, n).Select(r => (bufB + r, lay.Mem + r)));
        var mlp = new MlpBuilder(d);
        var one0 = mlp.Unit(0, (lay.Iota, 1));
        // lin_i = Σ_{j≤i} 2^{j−2}(B_j − A_j) = (b mod 2^i) − (a mod 2^i); outside column 0 both heads read the same word, so lin = 0.
        (int, double)[] Lin(int i) => Enumerable.Range(1, i)
            .SelectMany(j => new[] { (BitRow(bufB, n, j), Math.Pow(2, j - 2)), (BitRow(bufA, n, j), -Math.Pow(2, j - 2)) }).ToArray();
        for (var i = 1; i <= n; i++)
        {
            var p = Math.Pow(2, i - 1);
            // S_i = lin_i + 2^i ι ∈ [1, 2^{i+1}) in column 0 and 0 elsewhere, where every step below is 0.
            var form = Lin(i).Append((lay.Iota, Math.Pow(2, i))).ToArray();
            var row = BitRow(lay.Sres, n, i);
            (int, double)[] Outs(double w) => i == n ? [(row, 2 * w), (lay.Flag, w)] : [(row, 2 * w)];
            mlp.Step(form, 0, p - 1, None, 0, Outs(1));
            mlp.Step(form, 0, 2 * p - 1, None, 0, Outs(-1));
            mlp.Step(form, 0, 3 * p - 1, None, 0, Outs(1));
            mlp.Out(one0, row, -1);
        }
        // Zero test: U_{−1}(lin_N) − U_0(lin_N) = 1 exactly when the result is 0 mod 2^N (gated to column 0).
        const double g = 8;
        (int, double)[] toColumn0 = [(lay.Iota, g)];
        mlp.Step(Lin(n), 0, -1, toColumn0, -g, (lay.Flag, 1));
        mlp.Step(Lin(n), 0, 0, toColumn0, -g, (lay.Flag, -1));
        for (var r = 0; r < 2 * n; r++) mlp.Clear(lay.Buf + r);
        return Layer("gather", [headA, headB], mlp);
    }

    /// <summary>Layer 3: write the result into column b, branch, and clear the scratch rows.</summary>
    private static LoopedLayer Scatter(SubleqLayout lay)
    {
        int l = lay.AddressBits, n = lay.Bits, d = lay.Width;
        var values = Enumerable.Range(0, n).SelectMany(r => new[] { (lay.Buf + r, lay.Mem + r), (lay.Buf + r, lay.Sres + r) });
        var head = Head(lay, [lay.Si + l, lay.Pos], [lay.Si + l, lay.Pos], values);
        var mlp = new MlpBuilder(d);
        var one0 = mlp.Unit(0, (lay.Iota, 1));
        const double g = 16;
        (int, double)[] awayFromColumn0 = [(lay.Iota, -g)];
        for (var r = 0; r < n; r++)
        {
            // MEM ← Snap(2·BUF − MEM) outside column 0: column b gets the result, every other word itself.
            (int, double)[] form = [(lay.Buf + r, 2), (lay.Mem + r, -1)];
            mlp.Clear(lay.Mem + r);
            mlp.Step(form, 0, -1, awayFromColumn0, 0, (lay.Mem + r, 1));
            mlp.Step(form, 0, 0, awayFromColumn0, 0, (lay.Mem + r, 1));
            mlp.Bias(lay.Mem + r, -1);
            mlp.Out(one0, lay.Mem + r, 1);
        }
        Branch(mlp, l, lay.Si + 2 * l, lay.Snx, lay.Flag, lay.Pc);      // PC ← FLAG ? p_c : PC+1
        for (var r = 0; r < 3 * l; r++) mlp.Clear(lay.Si + r);
        for (var r = 0; r < l; r++) mlp.Clear(lay.Snx + r);
        for (var r = 0; r < n; r++) mlp.Clear(lay.Sres + r);
        mlp.Clear(lay.Flag);
        for (var r = 0; r < n; r++) mlp.Clear(lay.Buf + r);
        return Layer("scatter", [head], mlp);
    }
}
