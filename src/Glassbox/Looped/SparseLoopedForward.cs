using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;

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
/// The sparse hard-attention path. It computes what the dense engine computes, layer by layer, with two facts about
/// the looped computer used to skip work that cannot change the result:
/// <list type="number">
/// <item><b>Each column attends to at most two columns.</b> Under hard attention a column whose query is an exact ±1
/// code attends to the columns whose key is the same code (a hash lookup), since every other key scores at least 2
/// lower. A column whose query matches no key, or a head with a key that is not a ±1 code or zero, falls back to
/// scoring every key, as the dense path does.</item>
/// <item><b>A layer is a function of each column and the columns it attends to.</b> The path keeps every layer's
/// input and output from the previous loop and recomputes a column only when its input changed, its attention
/// sources changed, or one of its sources' input changed (found through a hash from query codes to columns). In a
/// SUBLEQ step that is the scratch column and the one or two memory columns read or written: O(1) columns instead of
/// n, plus one O(n·d) comparison of X with the previous input.</item>
/// </list>
/// The weights are applied as sparse rows. Every entry of X stays a small dyadic number (±1, 0, ½-steps), so every
/// sum is exact in float32 and float64 and the result is bit-identical to the dense engine (tests compare every entry
/// after every loop, also with X perturbed between loops). Buffers are allocated once; a loop allocates nothing.
/// </summary>
public sealed class SparseLoopedForward<T> : ILoopedForward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private sealed class Head(WeightMatrix q, WeightMatrix k, WeightMatrix v, int columns)
    {
        public readonly SparseRows<T> Q = new(q), K = new(k), V = new(v);
        public readonly int[] ValueRows = Enumerable.Range(0, v.Rows).Where(r => v.Row(r).Any()).ToArray();
        public readonly T[] Keys = new T[columns * k.Rows], Queries = new T[columns * q.Rows];
        public readonly ulong[] KeyCode = new ulong[columns], QueryCode = new ulong[columns];
        public readonly byte[] KeyKind = new byte[columns], QueryKind = new byte[columns];   // 0 zero, 1 code, 2 other
        public readonly Dictionary<ulong, List<int>> ByKey = [], ByQuery = [];
        public readonly bool[] Fallback = new bool[columns];
        public int IrregularKeys, FallbackCount;
        public int Width => Q.Count;
    }

    private sealed class Layer
    {
        public required Head[] Heads;
        public required SparseRows<T> W1;
        public required T[] B1;
        public required int[] OutStart, OutRows;
        public required T[] OutValues;
        public required int[] BiasRows;
        public required T[] B2;
    }

    private const byte Zero = 0, Code = 1, Other = 2;

    private readonly Layer[] _layers;
    private readonly int _d, _n;
    private readonly T[][] _state;          // _state[0]: last input; _state[l + 1]: output of layer l
    private readonly bool[] _ready;         // whether layer l's caches hold a full previous computation
    private readonly T[] _column, _hidden;
    private readonly List<int> _ties = [];
    private readonly int[] _dirty, _next, _recompute, _nonFixed, _candidates;
    private readonly bool[] _mark, _candidateMark;
    private int _nonFixedCount;

    /// <summary>Prepares <paramref name="layers"/> for a state of <paramref name="columns"/> columns of width <paramref name="width"/>.</summary>
    public SparseLoopedForward(IReadOnlyList<LoopedLayer> layers, int width, int columns)
    {
        if (layers.Any(l => l.SoftmaxScale is not null))
            throw new ArgumentException("the sparse path runs hard attention only; a layer asks for softmax");
        _d = width;
        _n = columns;
        _layers = layers.Select(l =>
        {
            var w2 = new SparseRows<T>(l.W2);
            var (start, rows, values) = w2.Transposed(l.Hidden);
            return new Layer
            {
                Heads = l.Heads.Select(h => new Head(h.Query, h.Key, h.Value, columns)).ToArray(),
                W1 = new SparseRows<T>(l.W1), B1 = l.B1.Select(T.CreateChecked).ToArray(),
                OutStart = start, OutRows = rows, OutValues = values,
                BiasRows = Enumerable.Range(0, width).Where(r => l.B2[r] != 0).ToArray(),
                B2 = l.B2.Select(T.CreateChecked).ToArray(),
            };
        }).ToArray();
        _state = Enumerable.Range(0, layers.Count + 1).Select(_ => new T[width * columns]).ToArray();
        _ready = new bool[layers.Count];
        _column = new T[width];
        _hidden = new T[layers.Count == 0 ? 0 : layers.Max(l => l.Hidden)];
        _dirty = new int[columns];
        _next = new int[columns];
        _recompute = new int[columns];
        _nonFixed = new int[columns];
        _candidates = new int[columns];
        _mark = new bool[columns];
        _candidateMark = new bool[columns];
    }

    /// <inheritdoc />
    public string Description => "sparse hard attention";

    /// <summary>Columns recomputed in the last loop, summed over the layers (n per layer on the first loop).</summary>
    public int RecomputedColumns { get; private set; }

    /// <inheritdoc />
    public void Loop(Span<T> x)
    {
        if (x.Length != _d * _n) throw new ArgumentException($"X has {x.Length} entries, expected d·n = {_d * _n}");
        // Columns of X that differ from the previous loop's input.
        var input = _state[0];
        var dirty = 0;
        for (var j = 0; j < _n; j++)
        {
            var now = x.Slice(j * _d, _d);
            var before = input.AsSpan(j * _d, _d);
            if (SameBits(now, before)) continue;
            now.CopyTo(before);
            _dirty[dirty++] = j;
        }
        var candidates = 0;
        for (var k = 0; k < dirty; k++) Candidate(_dirty[k], ref candidates);
        RecomputedColumns = 0;
        for (var l = 0; l < _layers.Length; l++)
            dirty = Apply(l, dirty);
        // X ← the last output wherever it can differ from X: columns whose input or output changed in this loop, and
        // columns whose output differed from their input after the previous loop.
        for (var k = 0; k < dirty; k++) Candidate(_dirty[k], ref candidates);
        for (var k = 0; k < _nonFixedCount; k++) Candidate(_nonFixed[k], ref candidates);
        var output = _state[^1];
        _nonFixedCount = 0;
        for (var k = 0; k < candidates; k++)
        {
            var j = _candidates[k];
            _candidateMark[j] = false;
            var outJ = output.AsSpan(j * _d, _d);
            outJ.CopyTo(x.Slice(j * _d, _d));
            if (!SameBits(outJ, input.AsSpan(j * _d, _d))) _nonFixed[_nonFixedCount++] = j;
        }
    }

    private void Candidate(int j, ref int count)
    {
        if (_candidateMark[j]) return;
        _candidateMark[j] = true;
        _candidates[count++] = j;
    }

    private static bool SameBits(ReadOnlySpan<T> a, ReadOnlySpan<T> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));

    /// <summary>Layer <paramref name="l"/>: recompute what its dirty inputs affect; returns the number of changed output columns (in _dirty).</summary>
    private int Apply(int l, int dirty)
    {
        var layer = _layers[l];
        var src = _state[l];
        var dst = _state[l + 1];
        var count = 0;
        if (!_ready[l])
        {
            for (var j = 0; j < _n; j++) _recompute[count++] = j;
            foreach (var head in layer.Heads) Reset(head);
            for (var j = 0; j < _n; j++)
                foreach (var head in layer.Heads) UpdateCodes(head, src, j);
            _ready[l] = true;
        }
        else
        {
            void Add(int j)
            {
                if (_mark[j]) return;
                _mark[j] = true;
                _recompute[count++] = j;
            }
            for (var k = 0; k < dirty; k++) Add(_dirty[k]);
            var all = false;
            foreach (var head in layer.Heads)
            {
                for (var k = 0; k < dirty; k++)
                {
                    var i = _dirty[k];
                    var (oldKind, oldCode) = (head.KeyKind[i], head.KeyCode[i]);
                    UpdateCodes(head, src, i);
                    if (oldKind == Code && head.ByQuery.TryGetValue(oldCode, out var before)) foreach (var j in before) Add(j);
                    if (head.KeyKind[i] == Code && head.ByQuery.TryGetValue(head.KeyCode[i], out var after)) foreach (var j in after) Add(j);
                }
                if (head.IrregularKeys > 0) all = true;
                else if (head.FallbackCount > 0 && dirty > 0)
                    for (var j = 0; j < _n; j++) if (head.Fallback[j]) Add(j);
            }
            if (all)
                for (var j = 0; j < _n; j++) Add(j);
            for (var k = 0; k < count; k++) _mark[_recompute[k]] = false;
        }
        RecomputedColumns += count;
        var changed = 0;
        for (var k = 0; k < count; k++)
        {
            var j = _recompute[k];
            if (Column(layer, src, j, dst.AsSpan(j * _d, _d))) _next[changed++] = j;
        }
        _next.AsSpan(0, changed).CopyTo(_dirty);
        return changed;
    }

    private static void Reset(Head head)
    {
        foreach (var list in head.ByKey.Values) list.Clear();
        foreach (var list in head.ByQuery.Values) list.Clear();
        Array.Clear(head.KeyKind);
        Array.Clear(head.QueryKind);
        Array.Clear(head.Fallback);
        head.IrregularKeys = head.FallbackCount = 0;
    }

    /// <summary>Recomputes column <paramref name="i"/>'s key and query and moves it in the code hashes.</summary>
    private void UpdateCodes(Head head, T[] src, int i)
    {
        var w = head.Width;
        var col = src.AsSpan(i * _d, _d);
        var key = head.Keys.AsSpan(i * w, w);
        var query = head.Queries.AsSpan(i * w, w);
        head.K.Multiply(col, key);
        head.Q.Multiply(col, query);
        if (head.KeyKind[i] == Code) head.ByKey[head.KeyCode[i]].Remove(i);
        if (head.KeyKind[i] == Other) head.IrregularKeys--;
        if (head.QueryKind[i] == Code) head.ByQuery[head.QueryCode[i]].Remove(i);
        (head.KeyKind[i], head.KeyCode[i]) = Classify(key);
        (head.QueryKind[i], head.QueryCode[i]) = Classify(query);
        if (head.KeyKind[i] == Code) Bucket(head.ByKey, head.KeyCode[i]).Add(i);
        if (head.KeyKind[i] == Other) head.IrregularKeys++;
        if (head.QueryKind[i] == Code) Bucket(head.ByQuery, head.QueryCode[i]).Add(i);
    }

    private static List<int> Bucket(Dictionary<ulong, List<int>> map, ulong code)
    {
        if (!map.TryGetValue(code, out var list)) map[code] = list = [];
        return list;
    }

    private static (byte, ulong) Classify(ReadOnlySpan<T> v)
    {
        if (v.Length > 63) return (Other, 0);
        ulong code = 0;
        var zero = true;
        foreach (var e in v)
        {
            if (e == T.One) code = (code << 1) | 1;
            else if (e == -T.One) code <<= 1;
            else if (e == T.Zero) { code <<= 1; continue; }
            else return (Other, 0);
            zero = false;
        }
        if (zero) return (Zero, 0);
        foreach (var e in v) if (e == T.Zero) return (Other, 0);
        return (Code, code);
    }

    /// <summary>One column through one layer (attention, then MLP); true when the output changed.</summary>
    private bool Column(Layer layer, T[] src, int j, Span<T> output)
    {
        var x = _column.AsSpan();
        src.AsSpan(j * _d, _d).CopyTo(x);
        foreach (var head in layer.Heads)
        {
            var sources = Sources(head, j);
            var weight = T.One / T.CreateChecked(sources.Count);
            foreach (var r in head.ValueRows)
            {
                var sum = T.Zero;
                foreach (var i in sources) sum += weight * head.V.Dot(r, src.AsSpan(i * _d, _d));
                x[r] += sum;
            }
        }
        var hidden = _hidden.AsSpan(0, layer.B1.Length);
        var y = output;
        var changed = false;
        for (var u = 0; u < hidden.Length; u++) hidden[u] = T.Max(T.Zero, layer.W1.Dot(u, x) + layer.B1[u]);
        // y = x + W2·hidden + b2, accumulated in the column buffer after the hidden units are formed.
        foreach (var r in layer.BiasRows) x[r] += layer.B2[r];
        for (var u = 0; u < hidden.Length; u++)
        {
            var h = hidden[u];
            if (h == T.Zero) continue;
            for (int k = layer.OutStart[u], end = layer.OutStart[u + 1]; k < end; k++) x[layer.OutRows[k]] += layer.OutValues[k] * h;
        }
        if (!SameBits(x, y))
        {
            x.CopyTo(y);
            changed = true;
        }
        return changed;
    }

    /// <summary>The columns column <paramref name="j"/> attends to in <paramref name="head"/> (hard attention: all tied maxima).</summary>
    private List<int> Sources(Head head, int j)
    {
        var fallback = true;
        List<int>? hit = null;
        if (head.IrregularKeys == 0 && head.QueryKind[j] == Code && head.ByKey.TryGetValue(head.QueryCode[j], out hit) && hit.Count > 0)
            fallback = false;
        if (fallback != head.Fallback[j])
        {
            head.Fallback[j] = fallback;
            head.FallbackCount += fallback ? 1 : -1;
        }
        return fallback ? ArgMaxAll(head, j) : hit!;
    }

    private List<int> ArgMaxAll(Head head, int j)
    {
        var w = head.Width;
        var query = head.Queries.AsSpan(j * w, w);
        var best = T.NegativeInfinity;
        var ties = _ties;
        ties.Clear();
        for (var i = 0; i < _n; i++)
        {
            var s = T.Zero;
            var key = head.Keys.AsSpan(i * w, w);
            for (var r = 0; r < w; r++) s += key[r] * query[r];
            if (T.IsNaN(s)) { ties.Clear(); return ties; }            // the dense path's pattern is then all zero
            if (s > best) { best = s; ties.Clear(); ties.Add(i); }
            else if (s == best) ties.Add(i);
        }
        if (T.IsNegativeInfinity(best)) ties.Clear();
        return ties;
    }
}
