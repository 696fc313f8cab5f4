using Glassbox.Compiler;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Tests.Transformers;

public class SparseActivationTests
{
    /// <summary>
    /// Compiled models run with sparse activations; the same weights run densely must give the same logits on every
    /// input up to length 5 (to rounding: the sparse pass adds the same non-zero terms in another grouping).
    /// </summary>
    [Theory]
    [MemberData(nameof(LibraryCases.Programs), MemberType = typeof(LibraryCases))]
    public void CompiledModelsGiveTheDenseLogits(string program, string vocab)
    {
        var (_, compilation) = LibraryCases.Compile(program, vocab);
        var sparse = EngineModel.Build(compilation.Model);
        Assert.True(sparse.SparseActivations);
        var dense = new Transformer<double>(sparse.Architecture, sparse.Embedding, sparse.Blocks, sparse.Unembedding);
        Assert.False(dense.SparseActivations);
        var ids = Verifier.Exhaustive(compilation.Options.Vocabulary, LibraryCases.MaxSeqLen)
            .Select(input => compilation.Model.Encode(input)).ToList();
        var expected = dense.ForwardBatch(ids);
        var actual = sparse.ForwardBatch(ids);
        for (int s = 0; s < ids.Count; s++)
            for (int i = 0; i < expected[s].Length; i++)
                Assert.True(Math.Abs(expected[s].Span[i] - actual[s].Span[i]) <= 1e-9 * (1 + Math.Abs(expected[s].Span[i])),
                    $"{program}, input {s}, logit {i}: dense {expected[s].Span[i]}, sparse {actual[s].Span[i]}");
    }

    /// <summary>Decoded outputs do not depend on how the inputs are batched (automatic, one at a time, uneven batches).</summary>
    [Fact]
    public void RunGivesTheSameOutputsForEveryBatchSize()
    {
        var (_, compilation) = LibraryCases.Compile("sort_unique");
        var engine = EngineModel.Build(compilation.Model);
        var inputs = Verifier.Random(compilation.Options.Vocabulary, LibraryCases.MaxSeqLen, 40, 3).ToList();
        var automatic = EngineModel.Run(compilation.Model, engine, inputs);
        Assert.Equal(inputs.Count, automatic.Count);
        foreach (int batch in new[] { 1, 7 })
        {
            var other = EngineModel.Run(compilation.Model, engine, inputs, batch);
            for (int i = 0; i < inputs.Count; i++) Assert.Equal(automatic[i], other[i]);
        }
    }

    /// <summary>The packed logits are the per-sequence logits side by side, at the layout's starts.</summary>
    [Fact]
    public void PackedLogitsAreThePerSequenceLogits()
    {
        var (_, compilation) = LibraryCases.Compile("sort");
        var engine = EngineModel.Build<float>(compilation.Model);
        var ids = Verifier.Exhaustive(compilation.Options.Vocabulary, 3).Select(input => compilation.Model.Encode(input)).ToList();
        var separate = engine.ForwardBatch(ids);
        var (packed, layout) = engine.ForwardPacked(ids);
        Assert.Equal(separate.Sum(t => t.Columns), packed.Columns);
        for (int s = 0; s < ids.Count; s++)
        {
            Assert.Equal(ids[s].Length, layout.Lengths[s]);
            Assert.Equal(separate[s].Span.ToArray(), packed.ColumnRange(layout.Starts[s], layout.Lengths[s]).Span.ToArray());
        }
    }

    /// <summary>Sparse scores equal dense ones exactly on integer queries and keys, whichever side is one-hot, with masks.</summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void SparseScoresEqualDenseScores(bool oneHotQueries, bool causal)
    {
        var random = new Random(oneHotQueries ? 1 : 2);
        const int dAttn = 24;
        int[] lengths = [5, 1, 7];
        var layout = new SequenceLayout(lengths);
        int n = lengths.Sum();
        Tensor<double> Make(bool oneHot)
        {
            var t = new Tensor<double>(dAttn, n);
            for (int j = 0; j < n; j++)
                if (oneHot) t[random.Next(dAttn), j] = 1;
                else for (int i = 0; i < dAttn; i++) t[i, j] = random.Next(-3, 4);
            return t;
        }
        var q = Make(oneHotQueries);
        var k = Make(!oneHotQueries);
        var dense = new Tensor<double>(layout.MaxLength, n);
        var sparse = new Tensor<double>(layout.MaxLength, n);
        AttentionKernels.Scores(q, k, layout, layout, 0.5, causal, null, dense);
        AttentionKernels.Scores(q, k, layout, layout, 0.5, causal, null, sparse, sparse: true);
        Assert.Equal(dense.Span.ToArray(), sparse.Span.ToArray());
        Assert.Contains(double.NegativeInfinity, sparse.Span.ToArray());
    }
}
