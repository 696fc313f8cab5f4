using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Tensors;
using Glassbox.Tensors.Benchmarks;
using Glassbox.Transformers;

namespace Glassbox.Benchmarks;

/// <summary>
/// A second runtime for compiled models (onnxruntime on the exported ONNX, in the CLI) that the engine's forward pass
/// is compared with. It must run on the calling thread only, so that both sides are timed by the same thread CPU clock.
/// </summary>
public interface IForwardBaseline
{
    /// <summary>The baseline's name in figure names ("onnxruntime").</summary>
    string Name { get; }

    /// <summary>Prepares <paramref name="model"/> and returns an action that runs one forward pass (logits) over <paramref name="batch"/> (token ids, BOS first, all of one length).</summary>
    Action Prepare(CompiledModel model, IReadOnlyList<int[]> batch);
}

/// <summary>
/// Forward-pass figures of compiled models: the engine's float32 forward pass (token ids → logits, all sequences
/// packed in one output as the baseline returns them) against <see cref="IForwardBaseline"/> at batch 1 and batch 256
/// (sequences/s, one core each) — with sparse activations as compiled models run (<c>forward_*</c>) and with the same
/// weights through the dense kernels alone (<c>forward_dense_*</c>) — and exhaustive verification
/// throughput (inputs/s of <see cref="Verifier.Verify"/> with the engine, end to end) against the RASP evaluator alone
/// on the same inputs.
/// </summary>
public static class ForwardFigures
{
    /// <summary>The compiled models whose forward pass is compared with the baseline: (program, vocabulary size, max_seq_len).</summary>
    public static readonly IReadOnlyList<(string Program, int Vocabulary, int MaxSeqLen)> ForwardCases =
    [
        ("sort", 8, 8), ("hist", 8, 8), ("reverse", 8, 8),
    ];

    /// <summary>Measures the forward pass (against <paramref name="baseline"/> when given) and the verification throughput.</summary>
    public static List<Figure> Measure(bool quick, IForwardBaseline? baseline)
    {
        var figures = new List<Figure>();
        if (baseline is not null)
            foreach (var c in quick ? ForwardCases.Take(1) : ForwardCases)
                figures.AddRange(Forward(c.Program, c.Vocabulary, c.MaxSeqLen, baseline, quick));
        foreach (var c in quick ? CompileFigures.LibraryCases.Where(c => c.Program is "sort" or "hist") : CompileFigures.LibraryCases)
            figures.Add(Verification(c.Program, c.Vocabulary, quick));
        return figures;
    }

    /// <summary>Compiles a library program over the vocabulary 1…<paramref name="vocabulary"/>.</summary>
    public static Compilation CompileLibrary(string program, IReadOnlyList<Value> vocabulary, int maxSeqLen)
    {
        var lib = RaspLibrary.Resolve(program, maxSeqLen);
        return RaspCompiler.Compile(lib.Program, new CompileOptions(vocabulary, maxSeqLen, Semantics: lib.Semantics), program);
    }

    private static IEnumerable<Figure> Forward(string program, int vocabulary, int maxSeqLen, IForwardBaseline baseline, bool quick)
    {
        var vocab = Enumerable.Range(1, vocabulary).Select(i => Value.Int(i)).ToList();
        var model = CompileLibrary(program, vocab, maxSeqLen).Model;
        var engine = EngineModel.Build<float>(model);
        // The same weights without sparse activations: what the engine's dense kernels alone give.
        var dense = new Transformer<float>(engine.Architecture, engine.Embedding, engine.Blocks, engine.Unembedding);
        var rng = new Random(7);
        foreach (int size in new[] { 1, 256 })
        {
            var batch = Enumerable.Range(0, size)
                .Select(_ => model.Encode(Enumerable.Range(0, maxSeqLen).Select(_ => vocab[rng.Next(vocab.Count)]).ToList())).ToList();
            Action theirs = baseline.Prepare(model, batch);
            // Both engine paths and the baseline are timed in the same rounds, so both ratios share one baseline value.
            var rates = Rates([theirs, () => engine.ForwardPacked(batch), () => dense.ForwardPacked(batch)], quick);
            foreach (var (kind, rate) in new[] { ("", rates[1]), ("dense_", rates[2]) })
                yield return new Figure($"forward_{kind}{program}_v{vocabulary}_n{maxSeqLen}_batch{size}_1core", size * rate, "sequences/s",
                    $"{baseline.Name}_batch{size}_1core", size * rates[0]);
        }
    }

    private static Figure Verification(string program, string vocabulary, bool quick)
    {
        var vocab = Value.ParseVocabulary(vocabulary.Split(','));
        const int maxSeqLen = 5;
        var compilation = CompileLibrary(program, vocab, maxSeqLen);
        var inputs = Verifier.Exhaustive(vocab, maxSeqLen).ToList();
        Action verify = () =>
        {
            if (Verifier.VerifyOnEngine(compilation, inputs).Mismatches > 0)
                throw new InvalidOperationException($"{program}: the compiled model disagrees with the evaluator");
        };
        Action evaluate = () => Verifier.EvaluateAll(compilation, inputs);
        var (best, bestBaseline) = Compare(verify, evaluate, quick);
        return new Figure($"verify_exhaustive_{program}_v{vocab.Count}_n{maxSeqLen}", inputs.Count * best, "inputs/s",
            "rasp_evaluator_alone", inputs.Count * bestBaseline);
    }

    /// <summary>Calls per second of <paramref name="ours"/> and <paramref name="theirs"/>, interleaved round by round on one core; the best round of each.</summary>
    internal static (double Ours, double Theirs) Compare(Action ours, Action theirs, bool quick)
    {
        var rates = Rates([theirs, ours], quick);
        return (rates[1], rates[0]);
    }

    /// <summary>Calls per second of each action (the baseline first), warmed up, then interleaved round by round on one core.</summary>
    private static double[] Rates(IReadOnlyList<Action> actions, bool quick)
    {
        return Timing.OnOneCore(() =>
        {
            // The engine's warm-up is long enough for tiered compilation to replace its first code; the baseline's is
            // short (onnxruntime is native code; the evaluator is warm from compilation's validation).
            Timing.WarmUp(actions[0], quick ? 0.2 : 0.5);
            foreach (var action in actions.Skip(1)) Timing.WarmUp(action, quick ? 2 : 3);
            return Timing.BestOfInterleaved(actions, quick ? 3 : 7, quick ? 0.01 : 0.04);
        });
    }
}
