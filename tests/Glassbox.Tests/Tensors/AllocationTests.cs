using Glassbox.Tensors;

namespace Glassbox.Tests.Tensors;

public class AllocationTests
{
    /// <summary>Kernels writing into caller-owned buffers allocate nothing once warm (the steady state of inference).</summary>
    [Fact]
    public void KernelsAllocateNothingInSteadyState()
    {
        var w = Tensor<float>.RandomNormal(64, 48, 1);
        var x = Tensor<float>.RandomNormal(48, 12, 2);
        var h = new Tensor<float>(64, 12);
        var p = new Tensor<float>(64, 12);
        var gamma = Tensor<float>.Filled(64, 1, 1f);
        var beta = new Tensor<float>(64, 1);
        var table = Tensor<float>.RandomNormal(48, 10, 3);
        int[] ids = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2];

        void Layer()
        {
            Kernels.GatherColumns(table, ids, x);
            Kernels.MatMul(w, x, h);
            Kernels.LayerNormColumns(h, gamma, beta, p);
            Kernels.Gelu(p, p, GeluApproximation.Tanh);
            Kernels.Gelu(p, h);
            Kernels.Relu(h, h);
            Kernels.SoftmaxColumns(h, p);
            Kernels.LogSoftmaxColumns(h, h);
            Kernels.AddColumnBroadcast(p, gamma, p);
            Kernels.MatMul(w, h, x, transposeA: true);
        }

        Layer();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Layer();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }
}
