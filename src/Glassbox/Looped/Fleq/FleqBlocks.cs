using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Looped.Fleq;

/// <summary>
/// The FLEQ function blocks as engine layers (float64), after the paper's ideas (looped.md §3.2):
/// <list type="bullet">
/// <item><b>bilinear forms</b> z = uᵀw by linearising the softmax: a query token holding u and a key token holding w
/// score z against a zero self-score, so softmax with temperature ε gives σ(εz) on the key; an MLP returns
/// (4/ε)(σ(εz) − ½) = z − ε²z³/12 + O(ε⁴). Many forms run at once as packed 2-token sequences (products, matrix
/// products, norms).</item>
/// <item><b>sums and differences</b> with an exact ReLU MLP (x = ReLU(x) − ReLU(−x)).</item>
/// <item><b>permutations</b> (transpose) with hard attention on ±1 position codes (exact).</item>
/// </list>
/// Division and square root are fixed Newton iterations built from these blocks, so their weights do not depend on
/// the data; their domain is documented in docs/looped.md.
/// </summary>
public sealed class FleqBlocks
{
    /// <summary>The softmax temperature ε of the linearised product (float64).</summary>
    public const double Epsilon = 1e-7;

    private readonly Dictionary<int, BlockStack<double>> _dots = [];
    private readonly BlockStack<double> _add;
    private readonly Dictionary<int, BlockStack<double>> _permutes = [];

    /// <summary>Number of engine forward passes run so far.</summary>
    public long Passes { get; private set; }

    /// <summary>Builds the fixed blocks.</summary>
    public FleqBlocks()
    {
        _add = SumStack(1);
        _sub = SumStack(-1);
    }

    private readonly BlockStack<double> _sub;

    // Rows [x, y, out]: out = ReLU(x) − ReLU(−x) + sign·(ReLU(y) − ReLU(−y)), exact.
    private static BlockStack<double> SumStack(double sign)
    {
        var w1 = Tensor<double>.Zeros(4, 3);
        var w2 = Tensor<double>.Zeros(3, 4);
        (int Row, double W, double Out)[] units = [(0, 1, 1), (0, -1, -1), (1, 1, sign), (1, -1, -sign)];
        for (var u = 0; u < 4; u++)
        {
            w1.Span[units[u].Row * 4 + u] = units[u].W;
            w2.Span[u * 3 + 2] = units[u].Out;
        }
        return new BlockStack<double>([new TransformerBlock<double>(null, new Mlp<double>(w1, null, w2, null, Activation.Relu))]);
    }

    /// <summary>Entry-wise x + y (sign &gt; 0) or x − y, through the engine's MLP (exact).</summary>
    public double[] AddSub(IReadOnlyList<double> x, IReadOnlyList<double> y, double sign)
    {
        var n = x.Count;
        var input = Tensor<double>.Zeros(3, n);
        for (var i = 0; i < n; i++)
        {
            input.Span[i * 3] = x[i];
            input.Span[i * 3 + 1] = y[i];
        }
        var output = (sign > 0 ? _add : _sub).Forward(input);
        Passes++;
        return Enumerable.Range(0, n).Select(i => output.Span[i * 3 + 2]).ToArray();
    }

    /// <summary>The bilinear forms uᵢᵀwᵢ of equal-length vectors, by linearised softmax attention (one engine pass).</summary>
    public double[] Dots(IReadOnlyList<(double[] U, double[] W)> pairs)
    {
        if (pairs.Count == 0) return [];
        var k = pairs[0].U.Length;
        if (!_dots.TryGetValue(k, out var stack)) _dots[k] = stack = DotStack(k);
        var d = 2 * k + 2;                       // rows: u (k) · w (k) · isKey · out
        var input = Tensor<double>.Zeros(d, 2 * pairs.Count);
        for (var t = 0; t < pairs.Count; t++)
        {
            var q = input.Column(2 * t);
            var key = input.Column(2 * t + 1);
            for (var r = 0; r < k; r++)
            {
                q[r] = pairs[t].U[r];
                key[k + r] = pairs[t].W[r];
            }
            key[2 * k] = 1;
        }
        var layout = new SequenceLayout(Enumerable.Repeat(2, pairs.Count).ToArray());
        var output = Tensor<double>.Zeros(d, 2 * pairs.Count);
        stack.Forward(input, layout, output);
        Passes++;
        return Enumerable.Range(0, pairs.Count).Select(t => output.Column(2 * t)[2 * k + 1]).ToArray();
    }

    private static BlockStack<double> DotStack(int k)
    {
        var d = 2 * k + 2;
        var wq = Tensor<double>.Zeros(k, d);
        var wk = Tensor<double>.Zeros(k, d);
        for (var r = 0; r < k; r++)
        {
            wq.Span[r * k + r] = 1;              // q = u
            wk.Span[(k + r) * k + r] = 1;        // key = w (zero on the query token)
        }
        var wv = Tensor<double>.Zeros(1, d);
        wv.Span[2 * k] = 1;                      // value = isKey
        var wo = Tensor<double>.Zeros(d, 1);
        wo.Span[2 * k + 1] = 1;                  // → out
        var attention = new MultiHeadAttention<double>([new AttentionHead<double>(wq, wk, wv)], wo, null,
            new AttentionOptions(Causal: false, Scale: Epsilon, Mode: AttentionMode.Softmax));
        // out ← (4/ε)(out − ½): add (4/ε − 1)·ReLU(out) − 2/ε.
        var w1 = Tensor<double>.Zeros(1, d);
        w1.Span[2 * k + 1] = 1;
        var w2 = Tensor<double>.Zeros(d, 1);
        w2.Span[2 * k + 1] = 4 / Epsilon - 1;
        var b2 = Tensor<double>.Zeros(d, 1);
        b2.Span[2 * k + 1] = -2 / Epsilon;
        return new BlockStack<double>([new TransformerBlock<double>(attention, new Mlp<double>(w1, null, w2, b2, Activation.Relu))]);
    }

    /// <summary>out[i] = values[source[i]] by hard attention on ±1 position codes (exact).</summary>
    public double[] Permute(IReadOnlyList<double> values, IReadOnlyList<int> source)
    {
        var n = values.Count;
        var l = Math.Max(1, (int)Math.Ceiling(Math.Log2(Math.Max(2, n))));
        if (!_permutes.TryGetValue(l, out var stack)) _permutes[l] = stack = PermuteStack(l);
        var d = 2 * l + 2;                       // rows: value · own code (l) · wanted code (l) · out
        var input = Tensor<double>.Zeros(d, n);
        for (var i = 0; i < n; i++)
        {
            var col = input.Column(i);
            col[0] = values[i];
            for (var b = 0; b < l; b++)
            {
                col[1 + b] = ((i >> (l - 1 - b)) & 1) == 1 ? 1 : -1;
                col[1 + l + b] = ((source[i] >> (l - 1 - b)) & 1) == 1 ? 1 : -1;
            }
        }
        var output = stack.Forward(input);
        Passes++;
        return Enumerable.Range(0, n).Select(i => output.Column(i)[d - 1]).ToArray();
    }

    private static BlockStack<double> PermuteStack(int l)
    {
        var d = 2 * l + 2;
        var wq = Tensor<double>.Zeros(l, d);
        var wk = Tensor<double>.Zeros(l, d);
        for (var b = 0; b < l; b++)
        {
            wq.Span[(1 + l + b) * l + b] = 1;    // query = wanted code
            wk.Span[(1 + b) * l + b] = 1;        // key = own code
        }
        var wv = Tensor<double>.Zeros(1, d);
        wv.Span[0] = 1;
        var wo = Tensor<double>.Zeros(d, 1);
        wo.Span[d - 1] = 1;
        var attention = new MultiHeadAttention<double>([new AttentionHead<double>(wq, wk, wv)], wo, null,
            new AttentionOptions(Causal: false, Scale: 1, Mode: AttentionMode.Hard));
        return new BlockStack<double>([new TransformerBlock<double>(attention, null)]);
    }
}
