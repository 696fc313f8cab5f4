namespace Glassbox.Looped.Fleq;

/// <summary>
/// FLEQ functions evaluated by the engine's function blocks (<see cref="FleqBlocks"/>): products and matrix
/// products by linearised softmax, sums exactly by ReLU MLPs, transposes by hard attention; 1/b by a fixed
/// Newton iteration r ← r(2 − b r) from r₀ = b/B² (B = 2^10, so |b| ∈ [2^−10, 2^10]); √x by the inverse-square-root
/// iteration u ← u(3 − x u²)/2 from u₀ = 1/B (x ∈ [2^−20, 2^20]), then √x = x·u.
/// </summary>
public sealed class TransformerFleqArithmetic(FleqBlocks blocks) : IFleqArithmetic
{
    /// <summary>The scale bound B of the Newton iterations.</summary>
    public const double Bound = 1024;

    /// <summary>Fixed iteration counts (data-independent depth).</summary>
    public const int ReciprocalIterations = 60, RsqrtIterations = 52;

    /// <inheritdoc />
    public FleqValue Apply(FleqFunction f, FleqValue a, FleqValue b)
    {
        switch (f)
        {
            case FleqFunction.Copy: return a;
            case FleqFunction.Add: return Sum(a, b, 1);
            case FleqFunction.Sub: return Sum(a, b, -1);
            case FleqFunction.Mul: return Product(a, b);
            case FleqFunction.Div:
                var denominator = FleqShapes.Scalar(b, "div");
                return FleqValue.Scalar(Mul(FleqShapes.Scalar(a, "div"), Reciprocal(denominator)));
            case FleqFunction.Sqrt: return FleqValue.Scalar(Sqrt(FleqShapes.Scalar(a, "sqrt")));
            case FleqFunction.Transpose:
                var source = Enumerable.Range(0, a.Rows * a.Cols).Select(t => (t % a.Rows) * a.Cols + t / a.Rows).ToArray();
                return new FleqValue(a.Cols, a.Rows, [.. blocks.Permute(a.Data, source)]);
            case FleqFunction.MatMul: return MatMul(a, b);
            case FleqFunction.Newton:
                return MatMul(b, Sum(FleqShapes.Identity(a.Rows, 2), MatMul(a, b), -1));
            case FleqFunction.Power:
                var w = MatMul(a, b);
                var norm = Sqrt(blocks.Dots([(w.Data.ToArray(), w.Data.ToArray())])[0]);
                return Product(FleqValue.Scalar(Reciprocal(norm)), w);
            default: return a;
        }
    }

    private FleqValue MatMul(FleqValue a, FleqValue b) => new(a.Rows, b.Cols, [.. blocks.Dots(FleqShapes.ProductPairs(a, b))]);

    private FleqValue Sum(FleqValue a, FleqValue b, double sign)
    {
        var shape = FleqShapes.Zip(a, b, (x, _) => x);          // checks shapes, gives the broadcast shape
        var xs = a.Rows * a.Cols == shape.Rows * shape.Cols ? a.Data : [.. Enumerable.Repeat(a.Data[0], shape.Data.Length)];
        var ys = b.Rows * b.Cols == shape.Rows * shape.Cols ? b.Data : [.. Enumerable.Repeat(b.Data[0], shape.Data.Length)];
        return new FleqValue(shape.Rows, shape.Cols, [.. blocks.AddSub(xs, ys, sign)]);
    }

    private FleqValue Product(FleqValue a, FleqValue b)
    {
        var shape = FleqShapes.Zip(a, b, (x, _) => x);
        var xs = a.Rows * a.Cols == shape.Data.Length ? a.Data : [.. Enumerable.Repeat(a.Data[0], shape.Data.Length)];
        var ys = b.Rows * b.Cols == shape.Data.Length ? b.Data : [.. Enumerable.Repeat(b.Data[0], shape.Data.Length)];
        return new FleqValue(shape.Rows, shape.Cols, [.. blocks.Dots(xs.Zip(ys, (x, y) => (new[] { x }, new[] { y })).ToArray())]);
    }

    private double Mul(double x, double y) => blocks.Dots([([x], [y])])[0];

    private double Reciprocal(double b)
    {
        var r = Mul(b, 1 / (Bound * Bound));
        for (var k = 0; k < ReciprocalIterations; k++)
            r = Mul(r, blocks.AddSub([2.0], [Mul(b, r)], -1)[0]);
        return r;
    }

    private double Sqrt(double x)
    {
        var u = 1 / Bound;
        for (var k = 0; k < RsqrtIterations; k++)
        {
            var t = Mul(Mul(x, u), u);                      // (x·u)·u keeps both products near 1 at convergence
            u = Mul(Mul(u, blocks.AddSub([3.0], [t], -1)[0]), 0.5);
        }
        return Mul(x, u);
    }
}
