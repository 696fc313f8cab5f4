using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Bench;

public class FlopCountTests
{
    [Fact]
    public void ForwardCountsEveryMatrixProductAndTheAttentionPairs()
    {
        // d = 4, one layer with two heads (d_attn = d_mid = 2), an MLP of width 8, 5 output tokens.
        var head = () => new AttentionHead<double>(new Tensor<double>(2, 4), new Tensor<double>(2, 4), new Tensor<double>(2, 4));
        var attn = new MultiHeadAttention<double>([head(), head()], new Tensor<double>(4, 4), null, new AttentionOptions(Causal: true));
        var mlp = new Mlp<double>(new Tensor<double>(8, 4), null, new Tensor<double>(4, 8), null, Activation.Relu);
        var model = new Transformer<double>(Architecture.Decoder, new Embedding<double>(new Tensor<double>(4, 5), new Tensor<double>(4, 6)),
            new BlockStack<double>([new TransformerBlock<double>(attn, mlp)]), new Tensor<double>(5, 4));
        int[] lengths = [3, 2];
        double tokens = 5, pairs = 3 * 4 / 2 + 2 * 3 / 2;              // causal: 6 + 3 key/query pairs
        double perToken = 2 * (2 * 3 * 8) + 2 * 16 + 2 * 64 + 2 * 20; // Q,K,V of two heads; W_o; MLP; W_u
        double attention = 2 * 2 * pairs * (2 + 2);                      // two heads: scores and mix
        Assert.Equal(tokens * perToken + attention, FlopCount.Forward(model, lengths));
        Assert.Equal(3 * (tokens * perToken + attention), FlopCount.TrainingStep(model, lengths));
    }
}
