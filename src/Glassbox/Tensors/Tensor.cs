using System.Numerics;
using System.Runtime.CompilerServices;

namespace Glassbox.Tensors;

/// <summary>
/// A dense matrix of <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>): the one tensor type of
/// the engine. Vectors are matrices with one column (d×1), as in "Formal Algorithms for Transformers", where a
/// sequence of ℓ tokens is a d×ℓ matrix whose columns are the tokens and layers compute <c>W X + b 1ᵀ</c>.
/// <para>
/// <b>Storage order (stated once for the whole engine): column-major.</b> Element (i, j) — row i, column j, both
/// 0-based — lives at <c>Span[j * Rows + i]</c>. Each column (one token's vector) is therefore contiguous, so
/// per-token work (layer norm, the column-wise softmax, embedding lookup <c>W_e[:, v]</c>) runs over contiguous
/// memory, and a range of columns (a sub-sequence) is a free view. Selecting rows (e.g. one head's block of
/// <c>[Y¹; …; Yᴴ]</c>) copies.
/// </para>
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Tensor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] data;
    private readonly int offset;

    /// <summary>Creates a zero matrix with the given shape.</summary>
    public Tensor(int rows, int columns)
    {
        CheckShape(rows, columns);
        Rows = rows;
        Columns = columns;
        data = rows * columns == 0 ? [] : new T[rows * columns];
    }

    private Tensor(T[] data, int offset, int rows, int columns)
    {
        this.data = data;
        this.offset = offset;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>The backing array (column-major from <see cref="Offset"/>); kernels use it to avoid copies.</summary>
    internal T[] Data => data;

    /// <summary>Index of element (0, 0) in <see cref="Data"/>.</summary>
    internal int Offset => offset;

    /// <summary>Number of rows (the feature dimension d for activations, "out" for a weight W ∈ ℝ^{out×in}).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (the sequence length ℓ for activations, "in" for a weight).</summary>
    public int Columns { get; }

    /// <summary>Number of elements, <c>Rows * Columns</c>.</summary>
    public int Length => Rows * Columns;

    /// <summary>The shape as (rows, columns).</summary>
    public (int Rows, int Columns) Shape => (Rows, Columns);

    /// <summary>True when the shape equals the other tensor's shape.</summary>
    public bool SameShape(Tensor<T> other) => Rows == other.Rows && Columns == other.Columns;

    /// <summary>All elements in column-major order (a view: writes go to the tensor).</summary>
    public Span<T> Span => data.AsSpan(offset, Length);

    /// <summary>Column <paramref name="j"/> (one token's vector), contiguous (a view).</summary>
    public Span<T> Column(int j)
    {
        if ((uint)j >= (uint)Columns) throw new ArgumentOutOfRangeException(nameof(j), $"column {j} of a {Rows}×{Columns} tensor");
        return data.AsSpan(offset + j * Rows, Rows);
    }

    /// <summary>Element at row <paramref name="i"/>, column <paramref name="j"/> (0-based).</summary>
    public T this[int i, int j]
    {
        get => data[Index(i, j)];
        set => data[Index(i, j)] = value;
    }

    /// <summary>Columns <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1 as a view sharing this tensor's memory.</summary>
    public Tensor<T> ColumnRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Columns)
            throw new ArgumentOutOfRangeException(nameof(start), $"columns [{start}, {start + count}) of a {Rows}×{Columns} tensor");
        return new Tensor<T>(data, offset + start * Rows, Rows, count);
    }

    /// <summary>The same elements read as a <paramref name="rows"/>×<paramref name="columns"/> matrix (column-major), sharing memory.</summary>
    public Tensor<T> Reshape(int rows, int columns)
    {
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"shape {rows}×{columns}");
        if (rows * columns != Length) throw new ArgumentException($"cannot reshape {Rows}×{Columns} to {rows}×{columns}");
        return new Tensor<T>(data, offset, rows, columns);
    }

    /// <summary>Rows <paramref name="start"/> … <paramref name="start"/>+<paramref name="count"/>−1, copied.</summary>
    public Tensor<T> RowRange(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Rows)
            throw new ArgumentOutOfRangeException(nameof(start), $"rows [{start}, {start + count}) of a {Rows}×{Columns} tensor");
        var result = new Tensor<T>(count, Columns);
        for (int j = 0; j < Columns; j++) Column(j).Slice(start, count).CopyTo(result.Column(j));
        return result;
    }

    /// <summary>A deep copy with its own memory.</summary>
    public Tensor<T> Clone()
    {
        var result = new Tensor<T>(Rows, Columns);
        Span.CopyTo(result.Span);
        return result;
    }

    /// <summary>Copies this tensor's elements into <paramref name="destination"/> (same shape).</summary>
    public void CopyTo(Tensor<T> destination)
    {
        if (!SameShape(destination)) throw ShapeError("CopyTo", destination);
        Span.CopyTo(destination.Span);
    }

    /// <summary>Sets every element to <paramref name="value"/>.</summary>
    public void Fill(T value) => Span.Fill(value);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>The transpose, copied (Columns×Rows).</summary>
    public Tensor<T> Transpose()
    {
        var result = new Tensor<T>(Columns, Rows);
        Kernels.Transpose(this, result);
        return result;
    }

    /// <summary>This tensor converted element-wise to <typeparamref name="TOut"/> (e.g. float64 → float32).</summary>
    public Tensor<TOut> Convert<TOut>() where TOut : unmanaged, IFloatingPointIeee754<TOut>
    {
        var result = new Tensor<TOut>(Rows, Columns);
        var src = Span;
        var dst = result.Span;
        for (int i = 0; i < src.Length; i++) dst[i] = TOut.CreateChecked(src[i]);
        return result;
    }

    /// <summary>The elements as a [row, column] array (for printing and tests).</summary>
    public T[,] ToArray()
    {
        var result = new T[Rows, Columns];
        for (int j = 0; j < Columns; j++)
        {
            var col = Column(j);
            for (int i = 0; i < Rows; i++) result[i, j] = col[i];
        }
        return result;
    }

    /// <summary>The value of a 1×1 tensor (a scalar such as a loss).</summary>
    public T Scalar()
    {
        if (Length != 1) throw new InvalidOperationException($"a {Rows}×{Columns} tensor is not a scalar");
        return data[offset];
    }

    /// <summary>A short printable form: the shape, and the rows when the tensor is small.</summary>
    public override string ToString()
    {
        var head = $"Tensor<{typeof(T).Name}> {Rows}×{Columns}";
        if (Length > 64) return head;
        var sb = new System.Text.StringBuilder(head);
        for (int i = 0; i < Rows; i++)
        {
            sb.Append("\n  [");
            for (int j = 0; j < Columns; j++)
            {
                if (j > 0) sb.Append(", ");
                sb.Append(double.CreateChecked(this[i, j]).ToString("G6", System.Globalization.CultureInfo.InvariantCulture));
            }
            sb.Append(']');
        }
        return sb.ToString();
    }

    // ---- factories -------------------------------------------------------------------------------------------

    /// <summary>A zero matrix.</summary>
    public static Tensor<T> Zeros(int rows, int columns) => new(rows, columns);

    /// <summary>A matrix with every element equal to <paramref name="value"/>.</summary>
    public static Tensor<T> Filled(int rows, int columns, T value)
    {
        var t = new Tensor<T>(rows, columns);
        t.Fill(value);
        return t;
    }

    /// <summary>The n×n identity.</summary>
    public static Tensor<T> Identity(int n)
    {
        var t = new Tensor<T>(n, n);
        for (int i = 0; i < n; i++) t[i, i] = T.One;
        return t;
    }

    /// <summary>A matrix from its elements listed row by row (how matrices are written on paper).</summary>
    public static Tensor<T> FromRows(int rows, int columns, params ReadOnlySpan<T> rowMajor)
    {
        if (rowMajor.Length != rows * columns) throw new ArgumentException($"{rowMajor.Length} values for a {rows}×{columns} tensor");
        var t = new Tensor<T>(rows, columns);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                t[i, j] = rowMajor[i * columns + j];
        return t;
    }

    /// <summary>A matrix from its elements in storage (column-major) order.</summary>
    public static Tensor<T> FromColumnMajor(int rows, int columns, ReadOnlySpan<T> columnMajor)
    {
        if (columnMajor.Length != rows * columns) throw new ArgumentException($"{columnMajor.Length} values for a {rows}×{columns} tensor");
        var t = new Tensor<T>(rows, columns);
        columnMajor.CopyTo(t.Span);
        return t;
    }

    /// <summary>A matrix from a [row, column] array.</summary>
    public static Tensor<T> FromArray(T[,] values)
    {
        var t = new Tensor<T>(values.GetLength(0), values.GetLength(1));
        for (int i = 0; i < t.Rows; i++)
            for (int j = 0; j < t.Columns; j++)
                t[i, j] = values[i, j];
        return t;
    }

    /// <summary>A column vector (d×1).</summary>
    public static Tensor<T> ColumnVector(params ReadOnlySpan<T> values) => FromColumnMajor(values.Length, 1, values);

    /// <summary>A 1×1 tensor.</summary>
    public static Tensor<T> FromScalar(T value) => Filled(1, 1, value);

    /// <summary>Independent normal samples with mean <paramref name="mean"/> and standard deviation <paramref name="std"/> drawn from <paramref name="random"/>.</summary>
    public static Tensor<T> RandomNormal(int rows, int columns, Random random, double std = 1.0, double mean = 0.0)
    {
        var t = new Tensor<T>(rows, columns);
        var span = t.Span;
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked(mean + std * StandardNormal(random));
        return t;
    }

    /// <summary>Normal samples from a fresh <see cref="Random"/> seeded with <paramref name="seed"/>: same seed, same numbers.</summary>
    public static Tensor<T> RandomNormal(int rows, int columns, int seed, double std = 1.0, double mean = 0.0) =>
        RandomNormal(rows, columns, new Random(seed), std, mean);

    /// <summary>Independent uniform samples in [<paramref name="low"/>, <paramref name="high"/>) drawn from <paramref name="random"/>.</summary>
    public static Tensor<T> RandomUniform(int rows, int columns, Random random, double low = 0.0, double high = 1.0)
    {
        var t = new Tensor<T>(rows, columns);
        var span = t.Span;
        for (int i = 0; i < span.Length; i++) span[i] = T.CreateChecked(low + (high - low) * random.NextDouble());
        return t;
    }

    /// <summary>Uniform samples from a fresh <see cref="Random"/> seeded with <paramref name="seed"/>.</summary>
    public static Tensor<T> RandomUniform(int rows, int columns, int seed, double low = 0.0, double high = 1.0) =>
        RandomUniform(rows, columns, new Random(seed), low, high);

    /// <summary>One standard normal sample by the Box–Muller transform (uses two uniforms).</summary>
    internal static double StandardNormal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(); // (0, 1]
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // ---- comparison helpers for tests --------------------------------------------------------------------------

    /// <summary>True when shapes match and every element is bit-for-bit equal (NaN equals NaN, +0 equals −0).</summary>
    public bool ContentEquals(Tensor<T> other)
    {
        if (!SameShape(other)) return false;
        var a = Span;
        var b = other.Span;
        for (int i = 0; i < a.Length; i++)
            if (!(a[i] == b[i] || (T.IsNaN(a[i]) && T.IsNaN(b[i])))) return false;
        return true;
    }

    /// <summary>True when shapes match and |a − b| ≤ atol + rtol·|b| element-wise (infinities must match exactly).</summary>
    public bool AllClose(Tensor<T> other, double rtol = 1e-9, double atol = 1e-12)
    {
        if (!SameShape(other)) return false;
        var a = Span;
        var b = other.Span;
        for (int i = 0; i < a.Length; i++)
        {
            double x = double.CreateChecked(a[i]), y = double.CreateChecked(b[i]);
            if (x == y) continue;
            if (double.IsNaN(x) || double.IsNaN(y) || double.IsInfinity(x) || double.IsInfinity(y)) return false;
            if (Math.Abs(x - y) > atol + rtol * Math.Abs(y)) return false;
        }
        return true;
    }

    /// <summary>The largest element-wise |a − b| (shapes must match).</summary>
    public double MaxAbsDifference(Tensor<T> other)
    {
        if (!SameShape(other)) throw ShapeError("MaxAbsDifference", other);
        var a = Span;
        var b = other.Span;
        double max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(double.CreateChecked(a[i]) - double.CreateChecked(b[i])));
        return max;
    }

    /// <summary>The Frobenius norm √(Σ x²).</summary>
    public double Norm()
    {
        double s = 0;
        foreach (var x in Span) { double d = double.CreateChecked(x); s += d * d; }
        return Math.Sqrt(s);
    }

    internal ArgumentException ShapeError(string op, Tensor<T> other) =>
        new($"{op}: shapes {Rows}×{Columns} and {other.Rows}×{other.Columns} do not match");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Index(int i, int j)
    {
        if ((uint)i >= (uint)Rows || (uint)j >= (uint)Columns)
            throw new IndexOutOfRangeException($"({i}, {j}) is outside a {Rows}×{Columns} tensor");
        return offset + j * Rows + i;
    }

    private static void CheckShape(int rows, int columns)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"Glassbox tensors hold float or double, not {typeof(T).Name}.");
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"shape {rows}×{columns}");
        if ((long)rows * columns > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(rows), $"shape {rows}×{columns} is too large");
    }
}
