using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

/// <summary>The example in docs/engine-tensors.md, kept compiling and checked.</summary>
public class DocExampleTests
{
    [Fact]
    public void UsageExampleFromTheDocsWorks()
    {
        var wq = new Parameter<double>(Tensor<double>.RandomNormal(4, 8, seed: 1), "W_q");
        var x = Tensor<double>.RandomNormal(8, 5, seed: 2);
        using (var tape = new Tape<double>())
        {
            var q = Ops.MatMul(wq, x);
            var s = Ops.MatMul(q, q, transposeA: true);
            var masked = Ops.Mask(s, Ops.CausalMask(5, 5));
            var loss = Ops.CrossEntropy(masked, [0, 0, 1, 2, 3]);
            Assert.True(double.IsFinite(loss.Value.Scalar()) && loss.Value.Scalar() > 0);
            tape.Backward(loss);
        }
        Assert.True(wq.Gradient.Norm() > 1e-3, $"‖∂loss/∂W_q‖ = {wq.Gradient.Norm()}");
        // The same loss as a function of W_q passes the finite-difference check.
        GradCheck.Assert(v =>
        {
            var q = Ops.MatMul(v[0], x);
            return Ops.CrossEntropy(Ops.Mask(Ops.MatMul(q, q, transposeA: true), Ops.CausalMask(5, 5)), [0, 0, 1, 2, 3]);
        }, 3, wq.Value);
        var inference = Ops.MatMul(wq, x);
        Assert.False(inference.RequiresGrad);
        Assert.True(inference.Value.AllClose(Kernels.MatMul(wq.Value, x)));
    }
}
