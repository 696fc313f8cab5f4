using System.Numerics;
using System.Numerics.Tensors;

namespace Glassbox.Tensors;

public static partial class Ops
{
    /// <summary>
    /// table[:, ids[t]] for t = 0…ℓ−1: the embedding lookup of Algorithm 1 (W_e ∈ ℝ^{d×N_V}) or 2 (W_p) for a
    /// whole sequence, giving a d×ℓ matrix. Gradient: column t of g is added into column ids[t] of ∂table.
    /// </summary>
    public static Var<T> GatherColumns<T>(Var<T> table, ReadOnlySpan<int> ids) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(table.Rows, ids.Length);
        Kernels.GatherColumns(table.Value, ids, value);
        int[] idCopy = ids.ToArray();
        return Output(value, g =>
        {
            if (!table.RequiresGrad) return;
            var d = table.GradOrCreate();
            for (int t = 0; t < idCopy.Length; t++)
            {
                var dst = d.Column(idCopy[t]);
                TensorPrimitives.Add<T>(dst, g.Column(t), dst);
            }
        }, table);
    }

    /// <summary>[A₁; A₂; …] stacked vertically (same column count), e.g. the heads Y = [Y¹; …; Yᴴ] of Algorithm 5.</summary>
    public static Var<T> ConcatRows<T>(params IReadOnlyList<Var<T>> parts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parts.Count == 0) throw new ArgumentException("ConcatRows needs at least one part");
        int n = parts[0].Columns, rows = 0;
        foreach (var p in parts)
        {
            if (p.Columns != n) throw new ArgumentException($"ConcatRows: parts have {n} and {p.Columns} columns");
            rows += p.Rows;
        }
        var value = new Tensor<T>(rows, n);
        for (int j = 0; j < n; j++)
        {
            var dst = value.Column(j);
            int r = 0;
            foreach (var p in parts) { p.Value.Column(j).CopyTo(dst.Slice(r)); r += p.Rows; }
        }
        var inputs = parts.ToArray();
        return Output(value, g =>
        {
            int r0 = 0;
            foreach (var p in inputs)
            {
                if (p.RequiresGrad)
                {
                    var d = p.GradOrCreate();
                    for (int j = 0; j < n; j++)
                    {
                        var dj = d.Column(j);
                        TensorPrimitives.Add<T>(dj, g.Column(j).Slice(r0, p.Rows), dj);
                    }
                }
                r0 += p.Rows;
            }
        }, inputs);
    }

    /// <summary>Rows start … start+count−1 (e.g. one head's block of a stacked projection).</summary>
    public static Var<T> RowRange<T>(Var<T> x, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = x.Value.RowRange(start, count);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var d = x.GradOrCreate();
            for (int j = 0; j < g.Columns; j++)
            {
                var dj = d.Column(j).Slice(start, count);
                TensorPrimitives.Add<T>(dj, g.Column(j), dj);
            }
        }, x);
    }

    /// <summary>[A₁, A₂, …] side by side (same row count), e.g. joining sequences or decoded tokens.</summary>
    public static Var<T> ConcatColumns<T>(params IReadOnlyList<Var<T>> parts) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parts.Count == 0) throw new ArgumentException("ConcatColumns needs at least one part");
        int d = parts[0].Rows, cols = 0;
        foreach (var p in parts)
        {
            if (p.Rows != d) throw new ArgumentException($"ConcatColumns: parts have {d} and {p.Rows} rows");
            cols += p.Columns;
        }
        var value = new Tensor<T>(d, cols);
        int c = 0;
        foreach (var p in parts) { p.Value.Span.CopyTo(value.Span.Slice(c * d)); c += p.Columns; }
        var inputs = parts.ToArray();
        return Output(value, g =>
        {
            int c0 = 0;
            foreach (var p in inputs)
            {
                if (p.RequiresGrad) Accumulate(p, g.ColumnRange(c0, p.Columns));
                c0 += p.Columns;
            }
        }, inputs);
    }

    /// <summary>Columns start … start+count−1 (a sub-sequence), copied.</summary>
    public static Var<T> ColumnRange<T>(Var<T> x, int start, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = x.Value.ColumnRange(start, count).Clone();
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var d = x.GradOrCreate().ColumnRange(start, count);
            Kernels.Add(d, g, d);
        }, x);
    }

    /// <summary>The sum of all elements, as a 1×1 var.</summary>
    public static Var<T> Sum<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = Tensor<T>.FromScalar(TensorPrimitives.Sum<T>(x.Value.Span));
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var d = x.GradOrCreate().Span;
            TensorPrimitives.Add<T>(d, g.Scalar(), d);
        }, x);
    }

    /// <summary>The mean of all elements, as a 1×1 var.</summary>
    public static Var<T> Mean<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T> =>
        Scale(Sum(x), T.One / T.CreateChecked(Math.Max(1, x.Value.Length)));

    /// <summary>x 1 = Σ_t x[:, t]: the sum of the columns, a d×1 var.</summary>
    public static Var<T> SumOfColumns<T>(Var<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(x.Rows, 1);
        Kernels.SumOfColumns(x.Value, value);
        return Output(value, g =>
        {
            if (!x.RequiresGrad) return;
            var d = x.GradOrCreate();
            for (int j = 0; j < d.Columns; j++)
            {
                var dj = d.Column(j);
                TensorPrimitives.Add<T>(dj, g.Span, dj);
            }
        }, x);
    }
}
