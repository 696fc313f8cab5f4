using System.Numerics;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// Multi-head attention (Algorithm 5): heads h = 1…H with their own W_q^h, W_k^h, W_v^h, and one output matrix
/// W_o ∈ ℝ^{d_out×H·d_mid} (plus optional b_o) applied to the stacked head outputs Y = [Y¹; …; Yᴴ]. Head h writes
/// W_o^h Y^h into the residual, where W_o^h is the column block h·d_mid … (h+1)·d_mid − 1 of W_o.
/// </summary>
public sealed class MultiHeadAttention<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly string[] _slots;

    /// <summary>This layer's hook names, made once (a layer is always called with the same layer index and prefix).</summary>
    private sealed record HookNameSet(int Layer, string Prefix, string Attn)
    {
        public string Q { get; } = HookNames.Q(Layer, Prefix, Attn);
        public string K { get; } = HookNames.K(Layer, Prefix, Attn);
        public string V { get; } = HookNames.V(Layer, Prefix, Attn);
        public string Scores { get; } = HookNames.Scores(Layer, Prefix, Attn);
        public string Pattern { get; } = HookNames.Pattern(Layer, Prefix, Attn);
        public string Z { get; } = HookNames.Z(Layer, Prefix, Attn);
        public string Result { get; } = HookNames.Result(Layer, Prefix, Attn);
    }

    private HookNameSet? _names;

    /// <summary>Creates the layer from explicit heads and output weights (all heads must share d_mid).</summary>
    public MultiHeadAttention(IReadOnlyList<AttentionHead<T>> heads, Tensor<T> wo, Tensor<T>? bo = null, AttentionOptions? options = null)
    {
        if (heads.Count == 0) throw new ArgumentException("multi-head attention needs at least one head");
        int dMid = heads[0].ValueSize;
        if (heads.Any(h => h.ValueSize != dMid))
            throw new ArgumentException("multi-head attention: all heads must have the same value size d_mid");
        if (wo.Columns != heads.Count * dMid)
            throw new ArgumentException($"multi-head attention: W_o has {wo.Columns} columns, expected H·d_mid = {heads.Count * dMid}");
        if (bo is not null && (bo.Rows != wo.Rows || bo.Columns != 1))
            throw new ArgumentException($"multi-head attention: b_o is {bo.Rows}×{bo.Columns}, expected {wo.Rows}×1");
        Heads = heads.ToArray();
        Wo = wo;
        Bo = bo;
        Options = options ?? new AttentionOptions();
        _slots = Enumerable.Range(0, Heads.Count).SelectMany(h => new[] { $"q{h}", $"k{h}", $"v{h}", $"s{h}", $"a{h}", $"y{h}", $"r{h}" }).ToArray();
    }

    /// <summary>The heads.</summary>
    public IReadOnlyList<AttentionHead<T>> Heads { get; }

    /// <summary>W_o ∈ ℝ^{d_out×H·d_mid}.</summary>
    public Tensor<T> Wo { get; }

    /// <summary>b_o (d_out×1) or null.</summary>
    public Tensor<T>? Bo { get; }

    /// <summary>Masking, scaling and softmax/hard mode.</summary>
    public AttentionOptions Options { get; }

    /// <summary>d_mid, the value size of every head.</summary>
    public int ValueSize => Heads[0].ValueSize;

    /// <summary>W_o^h: the d_out×d_mid block of W_o that head <paramref name="h"/> writes through (a view).</summary>
    public Tensor<T> OutputOf(int h) => Wo.ColumnRange(h * ValueSize, ValueSize);

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters(string prefix)
    {
        for (int h = 0; h < Heads.Count; h++)
            foreach (var p in Heads[h].Parameters($"{prefix}.{h}")) yield return p;
        yield return (prefix + ".W_O", Wo);
        if (Bo is not null) yield return (prefix + ".b_O", Bo);
    }

    /// <summary>
    /// Algorithm 5, Ṽ ← MHAttention(X, Z | W, Mask) for one sequence: Y^h = Attention(X, Z | W^h_qkv, Mask),
    /// Ṽ = W_o [Y¹; …; Yᴴ] + b_o 1ᵀ. Z defaults to X (self-attention); the mask comes from <see cref="Options"/>.
    /// </summary>
    public Tensor<T> Apply(Tensor<T> x, Tensor<T>? z = null)
    {
        z ??= x;
        var output = new Tensor<T>(Wo.Rows, x.Columns);
        var ctx = new ForwardContext<T>(new Workspace<T>(), SequenceLayout.Single(x.Columns), null, null);
        Forward(x, z, SequenceLayout.Single(z.Columns), output, ctx, "", 0, "attn");
        return output;
    }

    /// <summary>Batched forward: output ← W_o Y + b_o over all sequences of the layout; fires the head hooks.</summary>
    internal void Forward(Tensor<T> x, Tensor<T> z, SequenceLayout kLayout, Tensor<T> output, ForwardContext<T> ctx,
        string prefix, int layer, string attn)
    {
        var ws = ctx.Workspace;
        var qLayout = ctx.Layout;
        int n = x.Columns, nz = z.Columns;
        int rows = kLayout.MaxLength;
        if (_names is not { } known || known.Layer != layer || known.Prefix != prefix || known.Attn != attn)
            _names = known = new HookNameSet(layer, prefix, attn);
        var (qName, kName, vName, sName, aName, zName, rName) = (known.Q, known.K, known.V, known.Scores, known.Pattern, known.Z, known.Result);
        bool results = ctx.Observed(rName);

        // Every head's Q reads X and its K, V read Z: in a sparse model their non-zero patterns are found once.
        var xPattern = ctx.PatternOf(this, "x", x);
        var zPattern = ReferenceEquals(z, x) ? xPattern : ctx.PatternOf(this, "z", z);
        if (results || Bo is not null) output.Clear();   // otherwise head 0 overwrites it
        if (Bo is not null) Kernels.AddColumnBroadcast(output, Bo, output);
        for (int h = 0; h < Heads.Count; h++)
        {
            var head = Heads[h];
            var q = ws.Get(this, _slots[7 * h], head.KeySize, n);
            var k = ws.Get(this, _slots[7 * h + 1], head.KeySize, nz);
            var v = ws.Get(this, _slots[7 * h + 2], head.ValueSize, nz);
            var s = ws.Get(this, _slots[7 * h + 3], rows, n);
            var a = ws.Get(this, _slots[7 * h + 4], rows, n);
            var y = ws.Get(this, _slots[7 * h + 5], head.ValueSize, n);
            ctx.Linear(head.Wq, head.Bq, x, q, xPattern);
            ctx.Linear(head.Wk, head.Bk, z, k, zPattern);
            ctx.Linear(head.Wv, head.Bv, z, v, zPattern);
            ctx.Fire(qName, q, h);
            ctx.Fire(kName, k, h, kLayout);
            ctx.Fire(vName, v, h, kLayout);
            AttentionKernels.Scores(q, k, qLayout, kLayout, Options.ScaleFor(head.KeySize), Options.Causal, null, s, ctx.SparseActivations);
            ctx.Fire(sName, s, h);
            AttentionKernels.Normalize(s, a, Options.Mode);
            ctx.Fire(aName, a, h);
            AttentionKernels.Mix(a, v, qLayout, kLayout, y);
            ctx.Fire(zName, y, h);
            // Each head's write W_o^h Y^h is formed on its own and then added, whether or not anyone observes it,
            // so caching or hooking hook_result never changes the numbers. Unobserved, the first head's write
            // into a zero output (no b_o) goes straight into the output: 0 + r = r, the same numbers.
            if (h == 0 && Bo is null && !results)
            {
                ctx.Product(OutputOf(h), y, output);
                continue;
            }
            var r = ws.Get(this, _slots[7 * h + 6], Wo.Rows, n);
            ctx.Product(OutputOf(h), y, r);
            if (results) ctx.Fire(rName, r, h);
            Kernels.Add(output, r, output);
        }
    }

    /// <summary>Backward of <see cref="Forward"/>: accumulates parameter gradients, dX into dx and dZ into dz.</summary>
    internal void Backward(Tensor<T> x, Tensor<T> z, SequenceLayout qLayout, SequenceLayout kLayout, Tensor<T> dOut,
        Tensor<T> dx, Tensor<T> dz, Gradients<T> grads, Workspace<T> ws)
    {
        int n = x.Columns, nz = z.Columns;
        int rows = kLayout.MaxLength;
        if (Bo is not null) Kernels.SumOfColumns(dOut, grads.Of(Bo), accumulate: true);
        var dWo = grads.Of(Wo);
        var scratch = ws.GetArray(this, "scratch", Math.Max(1, rows));
        for (int h = 0; h < Heads.Count; h++)
        {
            var head = Heads[h];
            var q = ws.Get(this, _slots[7 * h], head.KeySize, n);
            var k = ws.Get(this, _slots[7 * h + 1], head.KeySize, nz);
            var v = ws.Get(this, _slots[7 * h + 2], head.ValueSize, nz);
            var a = ws.Get(this, _slots[7 * h + 4], rows, n);
            var y = ws.Get(this, _slots[7 * h + 5], head.ValueSize, n);
            Kernels.MatMul(dOut, y, dWo.ColumnRange(h * ValueSize, ValueSize), transposeB: true, accumulate: true);
            var dy = ws.Get(this, "dy", head.ValueSize, n);
            Kernels.MatMul(OutputOf(h), dOut, dy, transposeA: true);
            var dq = ws.Get(this, "dq", head.KeySize, n, clear: true);
            var dk = ws.Get(this, "dk", head.KeySize, nz, clear: true);
            var dv = ws.Get(this, "dv", head.ValueSize, nz, clear: true);
            AttentionKernels.Backward(dy, a, q, k, v, qLayout, kLayout, Options.ScaleFor(head.KeySize), Options.Mode, dq, dk, dv, scratch);
            LinearBackward(head.Wq, head.Bq, x, dq, dx, grads);
            LinearBackward(head.Wk, head.Bk, z, dk, dz, grads);
            LinearBackward(head.Wv, head.Bv, z, dv, dz, grads);
        }
    }

    /// <summary>For y = W x + b: dW += dy xᵀ, db += dy 1, dx += Wᵀ dy.</summary>
    internal static void LinearBackward(Tensor<T> w, Tensor<T>? b, Tensor<T> x, Tensor<T> dy, Tensor<T> dx, Gradients<T> grads)
    {
        Kernels.MatMul(dy, x, grads.Of(w), transposeB: true, accumulate: true);
        if (b is not null) Kernels.SumOfColumns(dy, grads.Of(b), accumulate: true);
        Kernels.MatMul(w, dy, dx, transposeA: true, accumulate: true);
    }
}
