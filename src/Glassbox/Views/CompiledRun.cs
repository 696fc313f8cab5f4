using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Views;

using Glassbox.Rasp;

/// <summary>One attention head of one run: its name and pattern A[query, key] (row = query, each row sums to 1).</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Head">The head within the layer.</param>
/// <param name="Name">What the head computes (a compiled head's s-op; "L.H" for trained heads).</param>
/// <param name="Pattern">Attention weights [query, key], BOS included; the transpose of the engine's A[key, query].</param>
/// <param name="KeyLabels">Labels of the key positions (columns).</param>
/// <param name="QueryLabels">Labels of the query positions (rows).</param>
public sealed record HeadPattern(int Layer, int Head, string Name, double[,] Pattern, IReadOnlyList<string> KeyLabels, IReadOnlyList<string> QueryLabels)
{
    /// <summary>Which attention stack the head belongs to: "" (the model's blocks), "encoder" or "cross" (an encoder-decoder's).</summary>
    public string Group { get; init; } = "";

    /// <summary>Reads head <paramref name="head"/>'s pattern from a cache (engine orientation A[key, query]) and transposes it.</summary>
    public static double[,] FromCache<T>(ActivationCache<T> cache, string hook, int head) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = cache[hook, head];
        var p = new double[a.Columns, a.Rows];
        for (var k = 0; k < a.Rows; k++)
            for (var q = 0; q < a.Columns; q++) p[q, k] = double.CreateChecked(a[k, q]);
        return p;
    }
}

/// <summary>The residual stream at one stage of one run: [position, direction], BOS at position 0.</summary>
/// <param name="Stage">Which stage (embeddings, after layer l's attention or MLP).</param>
/// <param name="Values">The residual vectors, one row per position.</param>
public sealed record ResidualSnapshot(ResidualStage Stage, double[,] Values);

/// <summary>
/// Everything the views show about one input run through a compiled model: the compiler's record (when the
/// program was compiled now), the evaluator's trace, every head's attention pattern, the residual stream at every
/// stage with its decoding (Lens/<see cref="ResidualDecoder"/>), and the output beside the evaluator's.
/// </summary>
/// <param name="Title">The program's name.</param>
/// <param name="Model">The compiled weights.</param>
/// <param name="Compilation">The compilation (null for a saved model file: no program graph, no evaluator).</param>
/// <param name="Input">The input tokens (without BOS).</param>
/// <param name="Positions">Position labels, BOS first: "BOS", "0:a", "1:b", …</param>
/// <param name="Trace">The evaluator's trace of the program on the input (null without a program, or when the evaluator refuses it).</param>
/// <param name="Heads">Every head's pattern, layer by layer.</param>
/// <param name="Residual">The residual stream at every stage.</param>
/// <param name="Decoding">Every s-op decoded at every stage, beside the evaluator's values.</param>
/// <param name="Sops">Where each s-op lives in the residual stream.</param>
public sealed record CompiledRun(string Title, CompiledModel Model, Compilation? Compilation, IReadOnlyList<Value> Input,
    IReadOnlyList<string> Positions, EvaluationTrace? Trace, IReadOnlyList<HeadPattern> Heads,
    IReadOnlyList<ResidualSnapshot> Residual, ResidualDecoding Decoding, IReadOnlyList<SopDirections> Sops)
{
    /// <summary>Runs <paramref name="input"/> through the compiled model (and the program through the evaluator) and records what the views need.</summary>
    public static CompiledRun Create(CompiledModel model, Compilation? compilation, IReadOnlyList<Value> input, string? title = null)
    {
        if (model.Layers.Count == 0) throw new UserError($"'{model.ProgramName}' compiles to a model with no layers: there is nothing to view");
        var decoder = compilation is null ? new ResidualDecoder(model) : new ResidualDecoder(compilation);
        var ids = model.Encode(input);
        var cache = new ActivationCache<double>(n => n.EndsWith(".attn.hook_pattern", StringComparison.Ordinal) || n.Contains("hook_resid", StringComparison.Ordinal));
        decoder.Engine.Forward(ids, null, cache);
        var positions = new List<string> { "BOS" };
        positions.AddRange(input.Select((v, i) => $"{i}:{v}"));

        var heads = new List<HeadPattern>();
        for (var l = 0; l < model.Layers.Count; l++)
            for (var h = 0; h < model.Layers[l].Heads.Count; h++)
                heads.Add(new HeadPattern(l, h, model.Layers[l].Heads[h].Name, HeadPattern.FromCache(cache, HookNames.Pattern(l), h), positions, positions));

        var residual = decoder.Stages().Select(s => new ResidualSnapshot(s, Transposed(cache[s.Hook]))).ToList();
        EvaluationTrace? trace = null;
        if (compilation is not null)
        {
            try { trace = new RaspEvaluator(compilation.Options.Semantics, compilation.Options.Causal).Trace(compilation.Program, input); }
            catch (RaspError) { trace = null; }
        }
        return new CompiledRun(title ?? model.ProgramName, model, compilation, input, positions, trace, heads, residual, decoder.Decode(input), decoder.Sops);
    }

    /// <summary>The model's decoded output (one value per input position).</summary>
    public IReadOnlyList<Value> Output => Decoding.Output;

    /// <summary>The evaluator's output, when there is a program and it accepts the input.</summary>
    public IReadOnlyList<Value>? Expected => Trace is null ? null : Trace.Values(Compilation!.Program);

    /// <summary>The layer whose block writes residual direction <paramref name="direction"/> (−1: embeddings, one, BOS).</summary>
    public int LayerOfDirection(int direction)
    {
        foreach (var sop in Sops)
            if (sop.Directions.Contains(direction)) return sop.FirstStage < 0 ? -1 : sop.FirstStage / 2;
        return -1;
    }

    /// <summary>The layer whose block writes the s-op labelled <paramref name="label"/> (−1: an input).</summary>
    public int LayerOfSop(string label) => Sops.FirstOrDefault(s => s.Label == label) is { FirstStage: >= 0 } s ? s.FirstStage / 2 : -1;

    private static double[,] Transposed(Tensor<double> x)
    {
        var m = new double[x.Columns, x.Rows];
        for (var i = 0; i < x.Rows; i++)
            for (var j = 0; j < x.Columns; j++) m[j, i] = x[i, j];
        return m;
    }
}
