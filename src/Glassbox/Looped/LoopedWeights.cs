using System.Collections.Immutable;

namespace Glassbox.Looped;

/// <summary>A dense row-major matrix of hand-set float64 weights (rows × cols), the form in which a construction is stated.</summary>
public sealed class WeightMatrix
{
    private readonly double[] _data;

    /// <summary>A zero matrix of the given shape.</summary>
    public WeightMatrix(int rows, int cols)
    {
        Rows = rows;
        Cols = cols;
        _data = new double[rows * cols];
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Entry (row, col).</summary>
    public double this[int row, int col]
    {
        get => _data[row * Cols + col];
        set => _data[row * Cols + col] = value;
    }

    /// <summary>Number of nonzero entries.</summary>
    public int NonZeros => _data.Count(v => v != 0);

    /// <summary>The nonzero entries of one row, in column order.</summary>
    public IEnumerable<(int Col, double Value)> Row(int row)
    {
        for (var c = 0; c < Cols; c++)
            if (_data[row * Cols + c] != 0) yield return (c, _data[row * Cols + c]);
    }
}

/// <summary>One attention head of a looped layer: scores <c>(K x_i)·(Q x_j)</c>, output <c>V x_i</c> added to the residual.</summary>
/// <param name="Query">Q, (address width × d).</param>
/// <param name="Key">K, (address width × d).</param>
/// <param name="Value">V, (d × d): writes straight into residual rows (the output projection folded in).</param>
public sealed record LoopedHead(WeightMatrix Query, WeightMatrix Key, WeightMatrix Value);

/// <summary>
/// One transformer layer of the looped computer (paper Eq. 1, no layer norm):
/// <c>X ← X + Σ_h V_h X · attention_h(X)</c>, then <c>X ← X + W2 · ReLU(W1 X + b1) + b2</c>.
/// </summary>
/// <param name="Name">What the layer does (fetch, gather, scatter, ...).</param>
/// <param name="SoftmaxScale">When set, the layer's heads always use softmax with this score scale (FLEQ's linearised
/// products); otherwise they use whatever attention the runner chooses (hard, or softmax with λ).</param>
public sealed record LoopedLayer(string Name, ImmutableArray<LoopedHead> Heads, WeightMatrix W1, ImmutableArray<double> B1,
    WeightMatrix W2, ImmutableArray<double> B2, double? SoftmaxScale = null)
{
    /// <summary>Hidden width of the ReLU MLP.</summary>
    public int Hidden => W1.Rows;

    /// <summary>Nonzero weights and biases in this layer.</summary>
    public int NonZeros => Heads.Sum(h => h.Query.NonZeros + h.Key.NonZeros + h.Value.NonZeros)
                           + W1.NonZeros + W2.NonZeros + B1.Count(v => v != 0) + B2.Count(v => v != 0);

    /// <summary>Total parameters as dense matrices.</summary>
    public long Parameters => Heads.Sum(h => (long)h.Query.Rows * h.Query.Cols * 2 + (long)h.Value.Rows * h.Value.Cols)
                              + 2L * W1.Rows * W1.Cols + B1.Length + B2.Length;
}

/// <summary>
/// Builds a ReLU MLP unit by unit: each hidden unit is <c>ReLU(Σ w·x_row + bias)</c> and writes
/// <c>weight · unit</c> into some residual rows; also holds the broadcast output bias b2.
/// </summary>
internal sealed class MlpBuilder(int width)
{
    private readonly List<((int Row, double W)[] In, double Bias, List<(int Row, double W)> Out)> _units = [];
    private readonly double[] _b2 = new double[width];

    /// <summary>Adds a unit ReLU(Σ w·x + bias) and returns its index.</summary>
    public int Unit(double bias, params (int Row, double W)[] inputs)
    {
        _units.Add((inputs, bias, []));
        return _units.Count - 1;
    }

    /// <summary>Makes unit <paramref name="unit"/> add <paramref name="weight"/>·unit to residual row <paramref name="row"/>.</summary>
    public void Out(int unit, int row, double weight) => _units[unit].Out.Add((row, weight));

    /// <summary>Adds <paramref name="value"/> to the output bias of <paramref name="row"/> (broadcast to every column).</summary>
    public void Bias(int row, double value) => _b2[row] += value;

    /// <summary>Two units that subtract x_row from itself: −ReLU(x) + ReLU(−x) = −x, so the row becomes exactly 0.</summary>
    public void Clear(int row)
    {
        Out(Unit(0, (row, 1)), row, -1);
        Out(Unit(0, (row, -1)), row, 1);
    }

    /// <summary>
    /// A plateau step U_θ(s) = ReLU(2(s−θ) − ½) − ReLU(2(s−θ) − 3/2) of the linear form s = Σ w·x + c, equal to
    /// 1[s ≥ θ+1] on integers and flat within ±¼ of them; <paramref name="gate"/> terms are added inside both ReLUs.
    /// Each output (row, w) receives w·U_θ(s).
    /// </summary>
    public void Step(IEnumerable<(int Row, double W)> form, double constant, double theta, IEnumerable<(int Row, double W)> gate,
        double gateBias, params (int Row, double W)[] outputs)
    {
        var inputs = form.Select(t => (t.Row, 2 * t.W)).Concat(gate).ToArray();
        var u1 = Unit(2 * (constant - theta) - 0.5 + gateBias, inputs);
        var u2 = Unit(2 * (constant - theta) - 1.5 + gateBias, inputs);
        foreach (var (row, w) in outputs)
        {
            Out(u1, row, w);
            Out(u2, row, -w);
        }
    }

    /// <summary>The finished (W1, b1, W2, b2).</summary>
    public (WeightMatrix W1, ImmutableArray<double> B1, WeightMatrix W2, ImmutableArray<double> B2) Build()
    {
        var w1 = new WeightMatrix(_units.Count, width);
        var w2 = new WeightMatrix(width, _units.Count);
        var b1 = new double[_units.Count];
        for (var u = 0; u < _units.Count; u++)
        {
            foreach (var (row, w) in _units[u].In) w1[u, row] += w;
            b1[u] = _units[u].Bias;
            foreach (var (row, w) in _units[u].Out) w2[row, u] += w;
        }
        return (w1, b1.ToImmutableArray(), w2, _b2.ToImmutableArray());
    }
}
