using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Tensors;
using Glassbox.Tensors.Benchmarks;
using Glassbox.Transformers;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Interop;

/// <summary>
/// Speed figures for <c>glassbox bench</c>: one batched forward pass in onnxruntime (the exported ONNX file, graph
/// optimisations on) against the Glassbox engine on the same batch, measured in the same run, both held to one
/// thread and timed by the wall clock (best of the repeats). Two models: a compiled program (sort, engine in double
/// precision, onnxruntime in float32) and a seeded trained-shape decoder (both float32). Ratio &lt; 1: onnxruntime
/// is faster.
/// </summary>
public static class InteropFigures
{
    /// <summary>The figures; <paramref name="quick"/> uses smaller batches and short timings without the tiering warm-up (noisier).</summary>
    public static List<Figure> Measure(bool quick)
    {
        var saved = Kernels.MaxDegreeOfParallelism;
        Kernels.MaxDegreeOfParallelism = 1;
        try
        {
            return [Compiled(quick), Trained(quick)];
        }
        finally { Kernels.MaxDegreeOfParallelism = saved; }
    }

    private static Figure Compiled(bool quick)
    {
        var (vocab, n, batch) = quick ? (5, 8, 64) : (10, 16, 256);
        var options = new CompileOptions(Value.ParseVocabulary(Enumerable.Range(1, vocab).Select(i => i.ToString()).ToList()), n);
        var model = RaspCompiler.Compile(RaspLibrary.Resolve("sort", n).Program, options, "sort").Model;
        var inputs = Verifier.Random(options.Vocabulary, n, batch, seed: 1).Select(model.Encode).ToList();
        var engine = EngineModel.Build(model);
        using var runner = new OnnxRunner(OnnxExport.Compiled(model), threads: 1);
        return Compare($"onnxruntime_forward_compiled_sort_v{vocab}_n{n}_batch{batch}", batch, quick,
            () => engine.ForwardBatch(inputs), () => runner.Run(inputs));
    }

    private static Figure Trained(bool quick)
    {
        var (d, layers, length, batch) = quick ? (32, 2, 16, 16) : (128, 4, 64, 32);
        var config = new TransformerConfig(Architecture.Decoder, 36, length, d, 4, layers);
        var tokenizer = new SymbolTokenizer(Enumerable.Range(0, config.VocabSize - 4).Select(i => $"s{i}"));
        var bundle = new ModelBundle(TransformerFactory.Create<float>(config, seed: 1), tokenizer, "bench", length);
        var random = new Random(2);
        var inputs = Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, length).Select(_ => random.Next(config.VocabSize)).ToArray()).ToList();
        using var runner = new OnnxRunner(OnnxExport.Trained(bundle), threads: 1);
        return Compare($"onnxruntime_forward_decoder_d{d}_l{layers}_len{length}_batch{batch}", batch, quick,
            () => bundle.Model.ForwardBatch(inputs), () => runner.Run(inputs));
    }

    private static Figure Compare(string name, int batch, bool quick, Action engine, Action onnx)
    {
        var seconds = quick ? 0.02 : 0.3;
        if (!quick)
        {
            Timing.WarmUp(engine, 0.3);
            Timing.WarmUp(onnx, 0.3);
        }
        var engineMs = 1000 * Timing.SecondsPerCall(engine, seconds, quick ? 2 : 5, singleThreaded: false);
        var onnxMs = 1000 * Timing.SecondsPerCall(onnx, seconds, quick ? 2 : 5, singleThreaded: false);
        return new Figure(name, onnxMs, "ms/batch", "glassbox_engine_forward_same_batch", engineMs);
    }
}
