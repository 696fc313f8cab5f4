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
        var ids = Verifier.Exhaustive(compilation.Options.Vocabulary, LibraryCases.MaxSeqLen)
            .Select(input => compilation.Model.Encode(input)).ToList();
        SparseAgreesWithDense(EngineModel.Build<double>(compilation.Model), ids, 1e-9, program);
        SparseAgreesWithDense(EngineModel.Build<float>(compilation.Model), ids, 1e-4f, program);
    }

    private static void SparseAgreesWithDense<T>(Transformer<T> sparse, List<int[]> ids, T tolerance, string program, HookSet<T>? hooks = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Assert.True(sparse.SparseActivations);
        var dense = new Transformer<T>(sparse.Architecture, sparse.Embedding, sparse.Blocks, sparse.Unembedding);
        Assert.False(dense.SparseActivations);
        var expected = dense.ForwardBatch(ids, hooks);
        var actual = sparse.ForwardBatch(ids, hooks);
        for (int s = 0; s < ids.Count; s++)
            for (int i = 0; i < expected[s].Length; i++)
                Assert.True(T.Abs(expected[s].Span[i] - actual[s].Span[i]) <= tolerance * (T.One + T.Abs(expected[s].Span[i])),
                    $"{program} ({typeof(T).Name}), input {s}, logit {i}: dense {expected[s].Span[i]}, sparse {actual[s].Span[i]}");
    }

    /// <summary>A hook that edits activations (here: ablates one MLP hidden unit and adds to a residual direction) acts
    /// the same on the sparse pass as on the dense one: patterns are found after the hooks have run.</summary>
    [Fact]
    public void HooksThatEditActivationsActTheSameSparseAndDense()
    {
        var (_, compilation) = LibraryCases.Compile("sort");
        var ids = Verifier.Exhaustive(compilation.Options.Vocabulary, 4).Select(input => compilation.Model.Encode(input)).ToList();
        var hooks = new HookSet<double>();
        hooks.Add(HookNames.MlpPost(0), context => context.Activation.Span[0] = 0);
        hooks.Add(HookNames.ResidPre(1), context => context.Activation.Column(0)[1] += 3);
        var engine = EngineModel.Build(compilation.Model);
        var plain = engine.ForwardBatch(ids);
        var edited = engine.ForwardBatch(ids, hooks);
        Assert.Contains(Enumerable.Range(0, ids.Count), s => !plain[s].Span.SequenceEqual(edited[s].Span));   // the hooks change something
        SparseAgreesWithDense(engine, ids, 1e-9, "sort with hooks", hooks);
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
        var separate = ids.Select(x => engine.Forward(x)).ToList();   // one sequence per pass
        var (packed, layout) = engine.ForwardPacked(ids);
        Assert.Equal(separate.Sum(t => t.Columns), packed.Columns);
        for (int s = 0; s < ids.Count; s++)
        {
            Assert.Equal(ids[s].Length, layout.Lengths[s]);
            var column = packed.ColumnRange(layout.Starts[s], layout.Lengths[s]).Span;
            for (int i = 0; i < column.Length; i++) Assert.Equal(separate[s].Span[i], column[i], 1e-5f);
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
