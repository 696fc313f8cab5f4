using Glassbox.Benchmarks;
using Glassbox.Compiler;
using Glassbox.Interop.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace Glassbox.Cli.Commands;

/// <summary>
/// onnxruntime as the forward-pass baseline of <c>glassbox bench</c>: the compiled model exported by
/// <see cref="OnnxExport.Compiled"/>, one session per model with all graph optimisations and one intra-op thread (so
/// it runs on the calling thread and is timed by the same CPU clock as the engine), the input tensor built once, and
/// each timed call a bare <c>session.Run</c> producing the logits.
/// </summary>
internal sealed class OnnxForwardBaseline : IForwardBaseline, IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <inheritdoc />
    public string Name => "onnxruntime";

    /// <inheritdoc />
    public Action Prepare(CompiledModel model, IReadOnlyList<int[]> batch)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        var session = new InferenceSession(OnnxExport.Compiled(model), options);
        int length = batch[0].Length;
        var ids = new long[batch.Count * length];
        for (int b = 0; b < batch.Count; b++)
            for (int t = 0; t < length; t++) ids[b * length + t] = batch[b][t];
        var input = OrtValue.CreateTensorValueFromMemory(ids, [batch.Count, length]);
        var runOptions = new RunOptions();
        _owned.AddRange([options, session, input, runOptions]);
        string[] inputNames = [session.InputNames[0]], outputNames = ["logits"];
        OrtValue[] inputs = [input];
        return () =>
        {
            using var outputs = session.Run(runOptions, inputNames, inputs, outputNames);
        };
    }

    /// <summary>Releases every session and tensor this baseline created.</summary>
    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
        _owned.Clear();
    }
}
