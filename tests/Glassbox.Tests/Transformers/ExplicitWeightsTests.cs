using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class ExplicitWeightsTests
{
    private static BlockStack<T> HardCopyStack<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var id = Tensor<T>.Identity(2);
        var head = new AttentionHead<T>(id, id, id);
        var attention = new MultiHeadAttention<T>([head], Tensor<T>.Identity(2), null, new AttentionOptions(Scale: 1, Mode: AttentionMode.Hard));
        var relu = new Mlp<T>(Tensor<T>.Identity(2), null, Tensor<T>.Identity(2), Tensor<T>.FromRows(2, 1, T.CreateChecked(-1), T.Zero), Activation.Relu);
        return new BlockStack<T>([new TransformerBlock<T>(attention, null), new TransformerBlock<T>(null, relu)]);
    }

    [Fact]
    public void AStackBuiltFromExplicitWeightsComputesTheResidualUpdateByHand()
    {
        // Columns (tokens): (1,0), (0,1), (1,0). Token 0 and 2 attend to {0, 2} (tie), token 1 to itself.
        var x = Tensor<double>.FromRows(2, 3, 1, 0, 1, 0, 1, 0);
        var y = HardCopyStack<double>().Forward(x);
        // After attention: x + mean of attended columns = (2,0), (0,2), (2,0); after the MLP: + (relu(x) − (1,0)) … then W2 relu(x) + b2.
        double[,] expected = { { 2 + 2 - 1, 0 + 0 - 1, 2 + 2 - 1 }, { 0, 2 + 2, 0 } };
        for (int i = 0; i < 2; i++)
            for (int t = 0; t < 3; t++) Assert.Equal(expected[i, t], y[i, t]);
    }

    [Fact]
    public void FloatAndDoubleStacksAgreeAndCanBeAppliedRepeatedly()
    {
        var xd = Tensor<double>.FromRows(2, 3, 0.5, 0, 1, 0, 1, 0.25);
        var xf = xd.Convert<float>();
        var sd = HardCopyStack<double>();
        var sf = HardCopyStack<float>();
        for (int loop = 0; loop < 3; loop++)
        {
            xd = sd.Forward(xd);
            xf = sf.Forward(xf);
        }
        Assert.True(xf.Convert<double>().AllClose(xd, 1e-5, 1e-5));
        var cache = new ActivationCache<double>();
        sd.Forward(xd, cache: cache);
        Assert.True(cache.Contains(HookNames.Pattern(0), 0));
        Assert.True(cache.Contains(HookNames.MlpPost(1)));
    }
}
