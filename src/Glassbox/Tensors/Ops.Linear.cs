using System.Numerics;

namespace Glassbox.Tensors;

public static partial class Ops
{
    /// <summary>op(A)·op(B), where op transposes when the flag is set. Gradients: ∂A = ∂C·op(B)ᵀ, ∂B = op(A)ᵀ·∂C (transposed back as needed).</summary>
    public static Var<T> MatMul<T>(Var<T> a, Var<T> b, bool transposeA = false, bool transposeB = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = Kernels.MatMul(a.Value, b.Value, transposeA, transposeB);
        return Output(value, g =>
        {
            if (a.RequiresGrad)
            {
                // C = op(A) op(B). If op(A) = A: ∂A += g op(B)ᵀ. If op(A) = Aᵀ: ∂A += op(B) gᵀ.
                if (!transposeA) Kernels.Gemm(T.One, g, false, b.Value, !transposeB, T.One, a.GradOrCreate());
                else Kernels.Gemm(T.One, b.Value, transposeB, g, true, T.One, a.GradOrCreate());
            }
            if (b.RequiresGrad)
            {
                // If op(B) = B: ∂B += op(A)ᵀ g. If op(B) = Bᵀ: ∂B += gᵀ op(A).
                if (!transposeB) Kernels.Gemm(T.One, a.Value, !transposeA, g, false, T.One, b.GradOrCreate());
                else Kernels.Gemm(T.One, g, true, a.Value, transposeA, T.One, b.GradOrCreate());
            }
        }, a, b);
    }

    /// <summary>
    /// a + b. Shapes must match, or <paramref name="b"/> is a d×1 column added to every column of
    /// <paramref name="a"/> (the paper's <c>b 1ᵀ</c>), or b is 1×1 and added to every element.
    /// </summary>
    public static Var<T> Add<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = a.Value;
        var y = b.Value;
        var value = new Tensor<T>(x.Rows, x.Columns);
        if (x.SameShape(y))
        {
            Kernels.Add(x, y, value);
            return Output(value, g => { Accumulate(a, g); Accumulate(b, g); }, a, b);
        }
        if (y.Columns == 1 && y.Rows == x.Rows)
        {
            Kernels.AddColumnBroadcast(x, y, value);
            return Output(value, g =>
            {
                Accumulate(a, g);
                if (b.RequiresGrad) Kernels.SumOfColumns(g, b.GradOrCreate(), accumulate: true);
            }, a, b);
        }
        if (y.Length == 1)
        {
            System.Numerics.Tensors.TensorPrimitives.Add<T>(x.Span, y.Scalar(), value.Span);
            return Output(value, g =>
            {
                Accumulate(a, g);
                if (b.RequiresGrad) b.GradOrCreate().Span[0] += System.Numerics.Tensors.TensorPrimitives.Sum<T>(g.Span);
            }, a, b);
        }
        throw new ArgumentException($"Add: cannot add {y.Rows}×{y.Columns} to {x.Rows}×{x.Columns} (same shape, a d×1 column or 1×1)");
    }

    /// <summary>a − b (same shapes).</summary>
    public static Var<T> Subtract<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(a.Rows, a.Columns);
        Kernels.Subtract(a.Value, b.Value, value);
        return Output(value, g =>
        {
            Accumulate(a, g);
            if (b.RequiresGrad) Kernels.AddScaled(g, -T.One, b.GradOrCreate());
        }, a, b);
    }

    /// <summary>a ⊙ b, the element-wise product (same shapes).</summary>
    public static Var<T> Multiply<T>(Var<T> a, Var<T> b) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(a.Rows, a.Columns);
        Kernels.Multiply(a.Value, b.Value, value);
        return Output(value, g =>
        {
            var t = new Tensor<T>(g.Rows, g.Columns);
            if (a.RequiresGrad) { Kernels.Multiply(g, b.Value, t); Accumulate(a, t); }
            if (b.RequiresGrad) { Kernels.Multiply(g, a.Value, t); Accumulate(b, t); }
        }, a, b);
    }

    /// <summary>s·a for a constant scalar s (e.g. the 1/√d_attn of Algorithm 4, or a softmax coldness).</summary>
    public static Var<T> Scale<T>(Var<T> a, T s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = new Tensor<T>(a.Rows, a.Columns);
        Kernels.Scale(a.Value, s, value);
        return Output(value, g => { if (a.RequiresGrad) Kernels.AddScaled(g, s, a.GradOrCreate()); }, a);
    }

    /// <summary>aᵀ.</summary>
    public static Var<T> Transpose<T>(Var<T> a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var value = a.Value.Transpose();
        return Output(value, g => { if (a.RequiresGrad) Accumulate(a, g.Transpose()); }, a);
    }

    /// <summary>W X + b 1ᵀ: an affine map applied to every column (token); <paramref name="bias"/> (d×1) may be null.</summary>
    public static Var<T> Linear<T>(Var<T> weight, Var<T> x, Var<T>? bias = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var y = MatMul(weight, x);
        return bias is null ? y : Add(y, bias);
    }
}
