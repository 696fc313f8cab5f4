using Microsoft.ML.OnnxRuntime;

namespace Glassbox.Interop.Onnx;

/// <summary>
/// Runs an ONNX file in onnxruntime (CPU, graph optimisations on by default): token-id sequences in, one
/// [seq, width] float matrix per sequence out. Sequences of different lengths are grouped and each group is run as
/// one batch. One runner holds one inference session; dispose it when done. Used by the tests (engine equality)
/// and by <c>glassbox bench</c> (engine forward vs onnxruntime).
/// </summary>
public sealed class OnnxRunner : IDisposable
{
    private readonly InferenceSession _session;

    /// <summary>Creates a session from ONNX file bytes; a file onnxruntime cannot load is a <see cref="UserError"/>.</summary>
    /// <param name="model">The ONNX file's bytes (for example from <see cref="OnnxExport.Compiled"/>).</param>
    /// <param name="optimise">Graph optimisations: all (true, the default) or none.</param>
    /// <param name="threads">Intra- and inter-op threads (0: onnxruntime's default, 1: run on the calling thread).</param>
    public OnnxRunner(byte[] model, bool optimise = true, int threads = 0)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = optimise ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = threads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        try { _session = new InferenceSession(model, options); }
        catch (OnnxRuntimeException e) { throw new UserError($"onnxruntime cannot load the model: {e.Message}", e); }
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>Opens an ONNX file.</summary>
    public static OnnxRunner FromFile(string path, bool optimise = true, int threads = 0)
    {
        if (!File.Exists(path)) throw new UserError($"ONNX file '{path}' does not exist");
        return new OnnxRunner(File.ReadAllBytes(path), optimise, threads);
    }

    /// <summary>The model's metadata props (for Glassbox files: the <c>glassbox</c> JSON and a few flat keys).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The names of the model's outputs.</summary>
    public IReadOnlyList<string> OutputNames => _session.OutputNames;

    /// <summary>
    /// Runs <paramref name="sequences"/> (token ids, BOS included where the model expects it) and returns output
    /// <paramref name="output"/> as one [seq, width] matrix per sequence, in input order.
    /// </summary>
    public float[][,] Run(IReadOnlyList<int[]> sequences, string output = "logits")
    {
        var result = new float[sequences.Count][,];
        foreach (var group in Enumerable.Range(0, sequences.Count).GroupBy(i => sequences[i].Length))
        {
            var members = group.ToList();
            var length = group.Key;
            if (length == 0) throw new UserError("an input sequence is empty");
            var ids = new long[members.Count * length];
            for (var b = 0; b < members.Count; b++)
                for (var t = 0; t < length; t++) ids[b * length + t] = sequences[members[b]][t];
            using var input = OrtValue.CreateTensorValueFromMemory(ids, [members.Count, length]);
            using var runOptions = new RunOptions();
            using var outputs = RunSession(runOptions, input, output);
            var shape = outputs[0].GetTensorTypeAndShape().Shape;
            var width = (int)shape[^1];
            var data = outputs[0].GetTensorDataAsSpan<float>();
            for (var b = 0; b < members.Count; b++)
            {
                var m = new float[length, width];
                for (var t = 0; t < length; t++)
                    for (var k = 0; k < width; k++) m[t, k] = data[(b * length + t) * width + k];
                result[members[b]] = m;
            }
        }
        return result;
    }

    private IDisposableReadOnlyCollection<OrtValue> RunSession(RunOptions options, OrtValue input, string output)
    {
        try { return _session.Run(options, [_session.InputNames[0]], [input], [output]); }
        catch (OnnxRuntimeException e) { throw new UserError($"onnxruntime could not run the model: {e.Message}", e); }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();
}
