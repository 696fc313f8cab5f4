using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Glassbox.Tensors;

namespace Glassbox.Transformers;

/// <summary>
/// One attention head's parameters (Algorithm 4): W_q, W_k ∈ ℝ^{d_attn×d_in}, W_v ∈ ℝ^{d_mid×d_z} and optional
/// biases b_q, b_k ∈ ℝ^{d_attn}, b_v ∈ ℝ^{d_mid} (d×1 tensors). Queries are read from X, keys and values from Z.
/// </summary>
public sealed class AttentionHead<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates a head from explicit weights; biases may be null (meaning zero).</summary>
    public AttentionHead(Tensor<T> wq, Tensor<T> wk, Tensor<T> wv, Tensor<T>? bq = null, Tensor<T>? bk = null, Tensor<T>? bv = null)
    {
        if (wq.Rows != wk.Rows)
            throw new ArgumentException($"attention head: W_q has {wq.Rows} rows and W_k has {wk.Rows}; both must be d_attn");
        if (wk.Columns != wv.Columns)
            throw new ArgumentException($"attention head: W_k reads {wk.Columns} features and W_v reads {wv.Columns}; both read Z");
        CheckBias(bq, wq.Rows, "b_q");
        CheckBias(bk, wk.Rows, "b_k");
        CheckBias(bv, wv.Rows, "b_v");
        Wq = wq; Wk = wk; Wv = wv; Bq = bq; Bk = bk; Bv = bv;
    }

    /// <summary>W_q ∈ ℝ^{d_attn×d_x}.</summary>
    public Tensor<T> Wq { get; }
    /// <summary>W_k ∈ ℝ^{d_attn×d_z}.</summary>
    public Tensor<T> Wk { get; }
    /// <summary>W_v ∈ ℝ^{d_mid×d_z}.</summary>
    public Tensor<T> Wv { get; }
    /// <summary>b_q (d_attn×1) or null.</summary>
    public Tensor<T>? Bq { get; }
    /// <summary>b_k (d_attn×1) or null.</summary>
    public Tensor<T>? Bk { get; }
    /// <summary>b_v (d_mid×1) or null.</summary>
    public Tensor<T>? Bv { get; }

    /// <summary>d_attn, the query/key size.</summary>
    public int KeySize => Wq.Rows;
    /// <summary>d_mid, the value size.</summary>
    public int ValueSize => Wv.Rows;

    /// <summary>The parameters with their names.</summary>
    public IEnumerable<(string Name, Tensor<T> Value)> Parameters(string prefix)
    {
        yield return (prefix + ".W_Q", Wq);
        yield return (prefix + ".W_K", Wk);
        yield return (prefix + ".W_V", Wv);
        if (Bq is not null) yield return (prefix + ".b_Q", Bq);
        if (Bk is not null) yield return (prefix + ".b_K", Bk);
        if (Bv is not null) yield return (prefix + ".b_V", Bv);
    }

    /// <summary>
    /// Algorithm 3, basic single-query attention: q = W_q e + b_q, k_t = W_k e_t + b_k, v_t = W_v e_t + b_v,
    /// α_t = softmax_t(q^T k_t · scale), ṽ = Σ_t α_t v_t. <paramref name="e"/> is d_x×1, the context d_z×T.
    /// </summary>
    public Tensor<T> SingleQuery(Tensor<T> e, Tensor<T> context, double? scale = null)
    {
        var q = Affine(Wq, Bq, e);
        var k = Affine(Wk, Bk, context);
        var v = Affine(Wv, Bv, context);
        T s = T.CreateChecked(scale ?? 1.0 / Math.Sqrt(KeySize));
        var alpha = new Tensor<T>(context.Columns, 1);
        for (int t = 0; t < context.Columns; t++) alpha[t, 0] = s * TensorPrimitives.Dot<T>(q.Column(0), k.Column(t));
        Kernels.SoftmaxColumns(alpha, alpha);
        var result = new Tensor<T>(ValueSize, 1);
        for (int t = 0; t < context.Columns; t++) TensorPrimitives.MultiplyAdd<T>(v.Column(t), alpha[t, 0], result.Column(0), result.Column(0));
        return result;
    }

    /// <summary>
    /// Algorithm 4, Ṽ ← Attention(X, Z | W_qkv, Mask): Q = W_q X + b_q 1ᵀ, K = W_k Z + b_k 1ᵀ, V = W_v Z + b_v 1ᵀ,
    /// S = KᵀQ, S[t_z, t_x] ← −∞ where ¬Mask[t_z, t_x], Ṽ = V·softmax(S·scale) (column-wise softmax).
    /// <paramref name="mask"/> is indexed [t_z, t_x]; null means Mask ≡ 1 (or the causal mask when options say so).
    /// Runs the same kernels as the batched engine.
    /// </summary>
    public Tensor<T> Attend(Tensor<T> x, Tensor<T> z, bool[,]? mask = null, AttentionOptions? options = null)
    {
        options ??= new AttentionOptions();
        var q = Affine(Wq, Bq, x);
        var k = Affine(Wk, Bk, z);
        var v = Affine(Wv, Bv, z);
        var qLayout = SequenceLayout.Single(x.Columns);
        var kLayout = SequenceLayout.Single(z.Columns);
        var scores = new Tensor<T>(z.Columns, x.Columns);
        var pattern = new Tensor<T>(z.Columns, x.Columns);
        var y = new Tensor<T>(ValueSize, x.Columns);
        AttentionKernels.Scores(q, k, qLayout, kLayout, options.ScaleFor(KeySize), options.Causal, mask, scores);
        AttentionKernels.Normalize(scores, pattern, options.Mode);
        AttentionKernels.Mix(pattern, v, qLayout, kLayout, y);
        return y;
    }

    internal static Tensor<T> Affine(Tensor<T> w, Tensor<T>? b, Tensor<T> x)
    {
        var y = Kernels.MatMul(w, x);
        if (b is not null) Kernels.AddColumnBroadcast(y, b, y);
        return y;
    }

    private static void CheckBias(Tensor<T>? b, int rows, string name)
    {
        if (b is not null && (b.Rows != rows || b.Columns != 1))
            throw new ArgumentException($"attention head: {name} is {b.Rows}×{b.Columns}, expected {rows}×1");
    }
}

/// <summary>
/// The attention kernels every attention path runs on. Scores and patterns of a batch are stored "padded": a
/// tensor with one column per query (all sequences side by side) and one row per key position up to the longest
/// context; rows past a sequence's own context hold −∞ (scores) and 0 (pattern).
/// </summary>
internal static class AttentionKernels
{
    /// <summary>
    /// S[t_z, t_x] = scale · K[:, t_z]ᵀ Q[:, t_x] within each sequence; −∞ where masked or padded. With
    /// <paramref name="sparse"/> (compiled models, whose keys or queries are one-hot), no explicit mask and queries
    /// wider than one vector, a query with at most a quarter of its entries non-zero is dotted over those entries,
    /// else a key with at most a quarter non-zero over its own, else densely (<see cref="PrefixScores{T}"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Scores<T>(Tensor<T> q, Tensor<T> k, SequenceLayout qLayout, SequenceLayout kLayout, double scale,
        bool causal, bool[,]? mask, Tensor<T> scores, bool sparse = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.CreateChecked(scale);
        if (mask is null)
        {
            // Below a vector's width the sparse bookkeeping costs more than the dot products it saves.
            PrefixScores(q, k, qLayout, kLayout, s, causal, scores, sparse && q.Rows > Vector<T>.Count);
            return;
        }
        int rows = scores.Rows;
        for (int seq = 0; seq < qLayout.Count; seq++)
        {
            int qs = qLayout.Starts[seq], lx = qLayout.Lengths[seq];
            int ks = kLayout.Starts[seq], lz = kLayout.Lengths[seq];
            for (int tx = 0; tx < lx; tx++)
            {
                var col = scores.Column(qs + tx);
                var qc = q.Column(qs + tx);
                for (int tz = 0; tz < rows; tz++)
                {
                    bool allowed = tz < lz && (!causal || tz <= tx) && mask[tz, tx];
                    col[tz] = allowed ? s * Dot<T>(k.Column(ks + tz), qc) : T.NegativeInfinity;
                }
            }
        }
    }

    [ThreadStatic] private static SparsePattern? _queryPattern, _keyPattern;

    /// <summary>
    /// Scores without an explicit mask: each query's allowed keys (all of its sequence, or up to itself when causal)
    /// are a prefix. With <paramref name="sparse"/>, a query column with at most a quarter
    /// (<see cref="Kernels.SparseColumnsMaxDensity"/>) of its entries non-zero is
    /// spread over all keys at once (S[:, t_x] = Σ_i Q[i, t_x] K[i, :]); otherwise each key with at most a quarter
    /// non-zero is dotted over its own non-zeros; otherwise (and always without <paramref name="sparse"/>) the dense
    /// dot product is taken.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void PrefixScores<T>(Tensor<T> q, Tensor<T> k, SequenceLayout qLayout, SequenceLayout kLayout, T s, bool causal,
        Tensor<T> scores, bool sparse) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int d = q.Rows, sparseLimit = (int)(d * Kernels.SparseColumnsMaxDensity);
        var queryPattern = sparse ? (_queryPattern ??= new SparsePattern()).Find(q) : null;
        SparsePattern? keyPattern = null;   // found when a dense query first needs it
        ReadOnlySpan<T> queries = q.Span, keys = k.Span;
        for (int seq = 0; seq < qLayout.Count; seq++)
        {
            int qs = qLayout.Starts[seq], lx = qLayout.Lengths[seq];
            int ks = kLayout.Starts[seq], lz = kLayout.Lengths[seq];
            for (int tx = 0; tx < lx; tx++)
            {
                var col = scores.Column(qs + tx);
                int limit = causal ? Math.Min(lz, tx + 1) : lz;
                col[limit..].Fill(T.NegativeInfinity);
                var qc = queries.Slice((qs + tx) * d, d);
                var queryNonZeros = queryPattern is null ? default : queryPattern.Column(qs + tx);
                if (queryPattern is not null && queryNonZeros.Length <= sparseLimit)
                {
                    var row = col[..limit];
                    row.Clear();
                    foreach (int i in queryNonZeros)
                    {
                        T weight = qc[i];
                        for (int tz = 0; tz < row.Length; tz++) row[tz] += weight * keys[(ks + tz) * d + i];
                    }
                    for (int tz = 0; tz < row.Length; tz++) row[tz] *= s;
                    continue;
                }
                for (int tz = 0; tz < limit; tz++)
                {
                    var kc = keys.Slice((ks + tz) * d, d);
                    if (sparse) keyPattern ??= (_keyPattern ??= new SparsePattern()).Find(k);
                    var keyNonZeros = keyPattern is null ? default : keyPattern.Column(ks + tz);
                    if (keyPattern is null || keyNonZeros.Length > sparseLimit) { col[tz] = s * Dot<T>(kc, qc); continue; }
                    T dot = T.Zero;
                    foreach (int i in keyNonZeros) dot += kc[i] * qc[i];
                    col[tz] = s * dot;
                }
            }
        }
    }

    /// <summary>Column-wise softmax (masked entries become exactly 0), or hard attention: 1/k on the k tied maxima.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Normalize<T>(Tensor<T> scores, Tensor<T> pattern, AttentionMode mode) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (mode == AttentionMode.Softmax)
        {
            FastMath.SoftmaxColumns(scores, pattern);
            return;
        }
        for (int j = 0; j < scores.Columns; j++)
        {
            var src = scores.Column(j);
            var dst = pattern.Column(j);
            T max = TensorPrimitives.Max<T>(src);
            if (T.IsNegativeInfinity(max) || T.IsNaN(max)) { dst.Clear(); continue; }
            int count = 0;
            foreach (var v in src) if (v == max) count++;
            T w = T.One / T.CreateChecked(count);
            for (int i = 0; i < src.Length; i++) dst[i] = src[i] == max ? w : T.Zero;
        }
    }

    /// <summary>Y[:, t_x] = Σ_{t_z} A[t_z, t_x] V[:, t_z] within each sequence (Y is overwritten).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Mix<T>(Tensor<T> pattern, Tensor<T> v, SequenceLayout qLayout, SequenceLayout kLayout, Tensor<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int dv = v.Rows;
        ReadOnlySpan<T> values = v.Span;
        for (int seq = 0; seq < qLayout.Count; seq++)
        {
            int qs = qLayout.Starts[seq], lx = qLayout.Lengths[seq];
            int ks = kLayout.Starts[seq], lz = kLayout.Lengths[seq];
            for (int tx = 0; tx < lx; tx++)
            {
                var yc = y.Column(qs + tx);
                yc.Clear();
                var a = pattern.Column(qs + tx)[..lz];
                for (int tz = 0; tz < a.Length; tz++)
                    if (a[tz] != T.Zero) AddScaled<T>(values.Slice((ks + tz) * dv, dv), a[tz], yc);
            }
        }
    }

    /// <summary>xᵀy, inline (query and key vectors are short: a library call would cost more than the arithmetic).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (System.Numerics.Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var total = Vector<T>.Zero;
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count) total += new Vector<T>(x[i..]) * new Vector<T>(y[i..]);
            sum = System.Numerics.Vector.Sum(total);
        }
        for (; i < x.Length; i++) sum += x[i] * y[i];
        return sum;
    }

    /// <summary>y ← y + a·x, inline (value vectors are short: a library call would cost more than the arithmetic).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void AddScaled<T>(ReadOnlySpan<T> x, T a, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
            for (; i + Vector<T>.Count <= x.Length; i += Vector<T>.Count)
                (new Vector<T>(y[i..]) + new Vector<T>(x[i..]) * a).CopyTo(y[i..]);
        for (; i < x.Length; i++) y[i] += a * x[i];
    }

    /// <summary>
    /// Backward of Mix, Normalize and Scores: from dY accumulates dQ, dK, dV. Hard attention passes no gradient to
    /// the scores (its pattern is piecewise constant).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Backward<T>(Tensor<T> dy, Tensor<T> pattern, Tensor<T> q, Tensor<T> k, Tensor<T> v,
        SequenceLayout qLayout, SequenceLayout kLayout, double scale, AttentionMode mode,
        Tensor<T> dq, Tensor<T> dk, Tensor<T> dv, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = T.CreateChecked(scale);
        for (int seq = 0; seq < qLayout.Count; seq++)
        {
            int qs = qLayout.Starts[seq], lx = qLayout.Lengths[seq];
            int ks = kLayout.Starts[seq], lz = kLayout.Lengths[seq];
            var dA = scratch[..lz];
            for (int tx = 0; tx < lx; tx++)
            {
                var dyc = dy.Column(qs + tx);
                var a = pattern.Column(qs + tx);
                T weighted = T.Zero;
                for (int tz = 0; tz < lz; tz++)
                {
                    dA[tz] = TensorPrimitives.Dot<T>(dyc, v.Column(ks + tz));
                    if (a[tz] != T.Zero)
                    {
                        var dvc = dv.Column(ks + tz);
                        TensorPrimitives.MultiplyAdd<T>(dyc, a[tz], dvc, dvc);
                        weighted += a[tz] * dA[tz];
                    }
                }
                if (mode == AttentionMode.Hard) continue;
                var dqc = dq.Column(qs + tx);
                var qc = q.Column(qs + tx);
                for (int tz = 0; tz < lz; tz++)
                {
                    if (a[tz] == T.Zero) continue;
                    T dS = a[tz] * (dA[tz] - weighted) * s;
                    TensorPrimitives.MultiplyAdd<T>(k.Column(ks + tz), dS, dqc, dqc);
                    var dkc = dk.Column(ks + tz);
                    TensorPrimitives.MultiplyAdd<T>(qc, dS, dkc, dkc);
                }
            }
        }
    }
}
