using System.Collections.Immutable;
using System.Numerics;

namespace Glassbox.Looped;

/// <summary>One pass of a looped transformer's layer stack over the state X (d·n, column-major), in place.</summary>
public interface ILoopedForward<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>A short description of the path (for messages and benchmarks).</summary>
    string Description { get; }

    /// <summary>Applies every layer once: X ← TF_k(…TF_1(X)).</summary>
    void Loop(Span<T> x);
}

/// <summary>
/// The sparse hard-attention path: under hard attention (average over the tied maxima) every column of the looped
/// computer attends to at most two columns, found by looking its query up in a hash of the key codes, and the
/// weights are applied as sparse rows. It computes the same sums as the dense path in the same order, so the results
/// are bit-identical; a column whose query or the keys are not exact ±1 codes falls back to scoring every key.
/// Cost per layer is O(n·(L + nonzeros)) instead of O(n²·L).
/// </summary>
public sealed class SparseLoopedForward<T> : ILoopedForward<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>A matrix in compressed sparse rows: row r's nonzeros are Cols/Values[Start[r] … Start[r+1]).</summary>
    private sealed class SparseRows
    {
        private readonly int[] _start;
        private readonly int[] _cols;
        private readonly T[] _values;

        public SparseRows(WeightMatrix m)
        {
            Count = m.Rows;
            _start = new int[m.Rows + 1];
            var cols = new List<int>();
            var values = new List<T>();
            for (var r = 0; r < m.Rows; r++)
            {
                foreach (var (c, w) in m.Row(r)) { cols.Add(c); values.Add(T.CreateChecked(w)); }
                _start[r + 1] = cols.Count;
            }
            _cols = cols.ToArray();
            _values = values.ToArray();
        }

        public int Count { get; }

        public bool Empty(int row) => _start[row] == _start[row + 1];

        public T Dot(int row, ReadOnlySpan<T> x)
        {
            var sum = T.Zero;
            for (int k = _start[row], end = _start[row + 1]; k < end; k++) sum += _values[k] * x[_cols[k]];
            return sum;
        }
    }

    private sealed record Head(SparseRows Q, SparseRows K, SparseRows V, int[] ValueRows);

    private sealed record Layer(ImmutableArray<Head> Heads, SparseRows W1, T[] B1, SparseRows W2, T[] B2);

    private readonly ImmutableArray<Layer> _layers;
    private readonly int _d, _n;
    private readonly T[] _attn;
    private readonly T[] _hidden;
    private readonly ImmutableArray<int[]> _outputRows;
    private readonly Dictionary<ulong, List<int>> _codes = [];
    private readonly List<int> _ties = [];

    /// <summary>Prepares <paramref name="layers"/> for a state of <paramref name="columns"/> columns of width <paramref name="width"/>.</summary>
    public SparseLoopedForward(IReadOnlyList<LoopedLayer> layers, int width, int columns)
    {
        _d = width;
        _n = columns;
        _layers = layers.Select(l => new Layer(
            l.Heads.Select(h => new Head(new SparseRows(h.Query), new SparseRows(h.Key), new SparseRows(h.Value),
                Enumerable.Range(0, h.Value.Rows).Where(r => h.Value.Row(r).Any()).ToArray())).ToImmutableArray(),
            new SparseRows(l.W1), l.B1.Select(T.CreateChecked).ToArray(),
            new SparseRows(l.W2), l.B2.Select(T.CreateChecked).ToArray())).ToImmutableArray();
        _outputRows = _layers.Select(l => Enumerable.Range(0, width).Where(r => !l.W2.Empty(r) || l.B2[r] != T.Zero).ToArray()).ToImmutableArray();
        _attn = new T[width * columns];
        _hidden = new T[layers.Count == 0 ? 0 : layers.Max(l => l.Hidden)];
    }

    /// <inheritdoc />
    public string Description => "sparse hard attention";

    /// <inheritdoc />
    public void Loop(Span<T> x)
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            Attention(_layers[l], x);
            Mlp(_layers[l], _outputRows[l], x);
        }
    }

    private void Attention(Layer layer, Span<T> x)
    {
        Array.Clear(_attn);
        foreach (var head in layer.Heads)
        {
            var width = head.Q.Count;
            var keys = new T[_n * width];
            var codes = _codes;
            foreach (var list in codes.Values) list.Clear();
            var regular = width <= 63;
            for (var i = 0; i < _n; i++)
            {
                var col = x.Slice(i * _d, _d);
                var key = keys.AsSpan(i * width, width);
                for (var r = 0; r < width; r++) key[r] = head.K.Dot(r, col);
                if (!regular) continue;
                if (TryCode(key, out var code))
                {
                    if (!codes.TryGetValue(code, out var list)) codes[code] = list = [];
                    list.Add(i);
                }
                else if (!IsZero(key)) regular = false;
            }
            var query = new T[width];
            var values = new T[_d];
            for (var j = 0; j < _n; j++)
            {
                var colJ = x.Slice(j * _d, _d);
                for (var r = 0; r < width; r++) query[r] = head.Q.Dot(r, colJ);
                var sources = regular && TryCode(query, out var qc) && codes.TryGetValue(qc, out var hit) && hit.Count > 0
                    ? hit
                    : ArgMaxAll(query, keys, width);
                var weight = T.One / T.CreateChecked(sources.Count);
                var outJ = _attn.AsSpan(j * _d, _d);
                foreach (var i in sources)
                {
                    var colI = x.Slice(i * _d, _d);
                    foreach (var r in head.ValueRows) outJ[r] += weight * head.V.Dot(r, colI);
                }
            }
        }
        for (var k = 0; k < x.Length; k++) x[k] += _attn[k];
    }

    private List<int> ArgMaxAll(T[] query, T[] keys, int width)
    {
        var best = T.NegativeInfinity;
        var ties = _ties;
        ties.Clear();
        for (var i = 0; i < _n; i++)
        {
            var s = T.Zero;
            for (var r = 0; r < width; r++) s += keys[i * width + r] * query[r];
            if (s > best) { best = s; ties.Clear(); ties.Add(i); }
            else if (s == best) ties.Add(i);
        }
        return ties;
    }

    private static bool TryCode(ReadOnlySpan<T> v, out ulong code)
    {
        code = 0;
        foreach (var e in v)
        {
            if (e == T.One) code = (code << 1) | 1;
            else if (e == -T.One) code <<= 1;
            else return false;
        }
        return true;
    }

    private static bool IsZero(ReadOnlySpan<T> v)
    {
        foreach (var e in v) if (e != T.Zero) return false;
        return true;
    }

    private void Mlp(Layer layer, int[] outputRows, Span<T> x)
    {
        var hidden = _hidden.AsSpan(0, layer.B1.Length);
        for (var j = 0; j < _n; j++)
        {
            var col = x.Slice(j * _d, _d);
            for (var u = 0; u < hidden.Length; u++)
                hidden[u] = T.Max(T.Zero, layer.W1.Dot(u, col) + layer.B1[u]);
            foreach (var r in outputRows)
            {
                var delta = layer.W2.Dot(r, hidden) + layer.B2[r];
                if (delta != T.Zero) col[r] += delta;
            }
        }
    }
}
