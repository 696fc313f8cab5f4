using System.Diagnostics;

namespace Glassbox.Craft;

/// <summary>
/// A linear map between named spaces, <c>y = W x</c> in the column convention: weight (o, i) goes from input
/// direction i to output direction o (rows follow the output basis, columns the input basis). Only non-zero weights
/// are stored, row by row (compressed sparse rows, inputs ascending): compiled maps copy one-hots and fire lookup
/// units, so a map between two spaces of thousands of directions holds thousands of weights, not millions. A map
/// whose weights are all 1 (a selector's score rows) stores only where they are.
/// </summary>
public sealed class LinearMap
{
    private readonly int[] start;
    private readonly int[] columns;
    private readonly double[] weights;
    private readonly bool unit; // every weight is 1; weights then holds just enough ones for the longest row
    private bool[]? readInputs;

    /// <summary>The domain.</summary>
    public VectorSpace Input { get; }

    /// <summary>The codomain.</summary>
    public VectorSpace Output { get; }

    /// <summary>Creates a map from its weight matrix ([output, input]); zeros are not stored.</summary>
    public LinearMap(VectorSpace input, VectorSpace output, double[,] matrix)
        : this(input, output, Entries(matrix, input, output))
    {
    }

    private LinearMap(VectorSpace input, VectorSpace output, int[] start, int[] columns, double[] weights, bool unit = false)
    {
        this.unit = unit;
        Input = input;
        Output = output;
        this.start = start;
        this.columns = columns;
        this.weights = weights;
    }

    private LinearMap(VectorSpace input, VectorSpace output, IEnumerable<(int Output, int Input, double Weight)> entries)
    {
        Input = input;
        Output = output;
        var rows = new List<(int Input, double Weight)>?[output.Dimension];
        foreach (var (o, i, w) in entries)
        {
            if ((uint)o >= (uint)output.Dimension || (uint)i >= (uint)input.Dimension)
                throw new ArgumentException($"weight ({o}, {i}) lies outside a {output.Dimension}x{input.Dimension} map");
            (rows[o] ??= new()).Add((i, w));
        }
        start = new int[output.Dimension + 1];
        var cols = new List<int>();
        var vals = new List<double>();
        for (var o = 0; o < rows.Length; o++)
        {
            if (rows[o] is { } row)
            {
                row.Sort((a, b) => a.Input.CompareTo(b.Input));
                for (var k = 0; k < row.Count;)
                {
                    var i = row[k].Input;
                    double sum = 0;
                    for (; k < row.Count && row[k].Input == i; k++) sum += row[k].Weight;
                    if (sum == 0) continue;
                    cols.Add(i);
                    vals.Add(sum);
                }
            }
            start[o + 1] = cols.Count;
        }
        columns = cols.ToArray();
        weights = vals.ToArray();
    }

    private static IEnumerable<(int, int, double)> Entries(double[,] matrix, VectorSpace input, VectorSpace output)
    {
        if (matrix.GetLength(0) != output.Dimension || matrix.GetLength(1) != input.Dimension)
            throw new ArgumentException($"matrix is {matrix.GetLength(0)}x{matrix.GetLength(1)}, expected {output.Dimension}x{input.Dimension}");
        var list = new List<(int, int, double)>();
        for (var o = 0; o < matrix.GetLength(0); o++)
            for (var i = 0; i < matrix.GetLength(1); i++)
                if (matrix[o, i] != 0) list.Add((o, i, matrix[o, i]));
        return list;
    }

    /// <summary>A map from (output index, input index, weight) triples; repeated pairs add up.</summary>
    public static LinearMap FromEntries(VectorSpace input, VectorSpace output, IEnumerable<(int Output, int Input, double Weight)> entries) =>
        new(input, output, entries);

    /// <summary>
    /// A map from its compressed rows: output row o holds the weights <paramref name="weights"/>[k] (null: all 1)
    /// from inputs <paramref name="columns"/>[k] for k in [<paramref name="start"/>[o], <paramref name="start"/>[o + 1]).
    /// The caller guarantees what the other constructors establish (inputs strictly ascending within a row, weights
    /// finite and non-zero; Debug builds check it); the arrays are taken over, not copied, so builders that fill
    /// millions of weights row by row pay for them once.
    /// </summary>
    internal static LinearMap FromRows(VectorSpace input, VectorSpace output, int[] start, int[] columns, double[]? weights)
    {
        if (start.Length != output.Dimension + 1 || start[0] != 0 || start[^1] != columns.Length || (weights is not null && columns.Length != weights.Length))
            throw new ArgumentException("row starts do not match the spaces or the entries");
        Debug.Assert(WellFormed(input.Dimension, start, columns, weights));
        if (weights is not null) return new LinearMap(input, output, start, columns, weights);
        var longest = 0;
        for (var o = 0; o < output.Dimension; o++) longest = Math.Max(longest, start[o + 1] - start[o]);
        var ones = new double[longest];
        ones.AsSpan().Fill(1);
        return new LinearMap(input, output, start, columns, ones, unit: true);
    }

    private static bool WellFormed(int inputs, int[] start, int[] columns, double[]? weights)
    {
        for (var o = 0; o + 1 < start.Length; o++)
        {
            if (start[o + 1] < start[o]) return false;
            for (var k = start[o]; k < start[o + 1]; k++)
                if ((uint)columns[k] >= (uint)inputs || (k > start[o] && columns[k] <= columns[k - 1])
                    || (weights is not null && (weights[k] == 0 || !double.IsFinite(weights[k]))))
                    return false;
        }
        return true;
    }

    /// <summary>Builds a map from the image of every input basis direction (directions outside the output space are
    /// an error, so a map can never silently drop a write).</summary>
    public static LinearMap FromAction(VectorSpace input, VectorSpace output, Func<BasisDirection, IEnumerable<(BasisDirection To, double Weight)>> action)
    {
        var entries = new List<(int, int, double)>();
        for (var i = 0; i < input.Dimension; i++)
        {
            foreach (var (to, w) in action(input.Basis[i]))
            {
                var o = output.IndexOf(to);
                if (o < 0) throw new ArgumentException($"{to} is not in the output space {output}");
                entries.Add((o, i, w));
            }
        }
        return new LinearMap(input, output, entries);
    }

    /// <summary>The input indices of output row <paramref name="o"/>'s non-zero weights, ascending.</summary>
    public ReadOnlySpan<int> RowInputs(int o) => columns.AsSpan(start[o], start[o + 1] - start[o]);

    /// <summary>Output row <paramref name="o"/>'s non-zero weights, in the order of <see cref="RowInputs"/>.</summary>
    public ReadOnlySpan<double> RowWeights(int o) => weights.AsSpan(unit ? 0 : start[o], start[o + 1] - start[o]);

    /// <summary>Stored weight number <paramref name="k"/>.</summary>
    private double At(int k) => unit ? 1 : weights[k];

    /// <summary>The weight from input index <paramref name="i"/> to output index <paramref name="o"/>.</summary>
    public double this[int o, int i]
    {
        get
        {
            var k = RowInputs(o).BinarySearch(i);
            return k < 0 ? 0 : At(start[o] + k);
        }
    }

    /// <summary>The weight from <paramref name="from"/> to <paramref name="to"/> (0 outside the spaces).</summary>
    public double Weight(BasisDirection from, BasisDirection to)
    {
        var i = Input.IndexOf(from);
        var o = Output.IndexOf(to);
        return i < 0 || o < 0 ? 0 : this[o, i];
    }

    /// <summary>Applies the map; the argument is first projected onto <see cref="Input"/>.</summary>
    public Vector Apply(Vector x)
    {
        var xi = x.Project(Input).Coordinates;
        var y = new double[Output.Dimension];
        for (var o = 0; o < y.Length; o++)
        {
            double s = 0;
            for (var k = start[o]; k < start[o + 1]; k++) s += At(k) * xi[columns[k]];
            y[o] = s;
        }
        return new Vector(Output, y);
    }

    /// <summary>Number of non-zero weights.</summary>
    public int NonZeroCount() => columns.Length;

    /// <summary>For each input direction, whether some weight reads it.</summary>
    public bool[] ReadInputs()
    {
        if (readInputs is null)
        {
            var read = new bool[Input.Dimension];
            foreach (var i in columns) read[i] = true;
            readInputs = read;
        }
        return (bool[])readInputs.Clone();
    }

    /// <summary>For each output direction, whether some weight writes it.</summary>
    public bool[] WrittenOutputs()
    {
        var written = new bool[Output.Dimension];
        for (var o = 0; o < written.Length; o++) written[o] = start[o + 1] > start[o];
        return written;
    }

    /// <summary>
    /// The map between smaller spaces: output row r of the result is row <paramref name="rows"/>[r] of this map, and
    /// input i of this map becomes input <paramref name="inputMap"/>[i] of the result (−1: dropped). The index maps
    /// keep the order, so rows stay sorted.
    /// </summary>
    public LinearMap Select(VectorSpace input, int[] inputMap, VectorSpace output, int[] rows)
    {
        if (rows.Length != output.Dimension || inputMap.Length != Input.Dimension)
            throw new ArgumentException("index maps do not match the spaces");
        var s = new int[rows.Length + 1];
        for (var r = 0; r < rows.Length; r++)
        {
            var n = 0;
            for (var k = start[rows[r]]; k < start[rows[r] + 1]; k++) if (inputMap[columns[k]] >= 0) n++;
            s[r + 1] = s[r] + n;
        }
        var cols = new int[s[^1]];
        var vals = unit ? weights : new double[s[^1]];
        for (int r = 0, at = 0; r < rows.Length; r++)
        {
            for (var k = start[rows[r]]; k < start[rows[r] + 1]; k++)
            {
                var i = inputMap[columns[k]];
                if (i < 0) continue;
                if (!unit) vals[at] = weights[k];
                cols[at++] = i;
            }
        }
        return new LinearMap(input, output, s, cols, vals, unit);
    }

    /// <summary>The weights as a dense matrix [output, input] (for printing and small maps).</summary>
    public double[,] ToDense()
    {
        var m = new double[Output.Dimension, Input.Dimension];
        for (var o = 0; o < Output.Dimension; o++)
            for (var k = start[o]; k < start[o + 1]; k++) m[o, columns[k]] = At(k);
        return m;
    }
}
