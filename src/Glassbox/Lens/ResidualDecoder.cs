using System.Globalization;
using Glassbox.Compiler;
using Glassbox.Craft;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

using Glassbox.Rasp;

/// <summary>
/// Where one s-op lives in a compiled model's residual stream. Categorical: one direction per value (values no
/// block ever reads were pruned by the compiler and are listed in <see cref="Pruned"/>; a position holding one of
/// them shows no hot direction). Numerical: one direction holding the number.
/// </summary>
/// <param name="Label">The residual name.</param>
/// <param name="Numerical">One direction holding a number, or one-hot over <see cref="Values"/>.</param>
/// <param name="Values">Categorical values that have a direction, in the order of <see cref="Directions"/>.</param>
/// <param name="Directions">Residual coordinates.</param>
/// <param name="Pruned">Values of the s-op without a direction.</param>
/// <param name="FirstStage">The first residual stage (see <see cref="ResidualStage"/>) at which the s-op is written.</param>
/// <param name="Node">The RASP node (null when read from a model file's labels).</param>
/// <param name="IsWidthScalar">The attention half of a selector width: holds 1/(w+1) for the node's width w.</param>
public sealed record SopDirections(string Label, bool Numerical, IReadOnlyList<Value> Values, IReadOnlyList<int> Directions,
    IReadOnlyList<Value> Pruned, int FirstStage, SOp? Node, bool IsWidthScalar);

/// <summary>One place where the residual stream is read: stage −1 = the embeddings, 2l = after block l's attention,
/// 2l + 1 = after block l's MLP.</summary>
/// <param name="Index">The stage number.</param>
/// <param name="Hook">The hook point read.</param>
/// <param name="Description">E.g. "layer 0 attention".</param>
public sealed record ResidualStage(int Index, string Hook, string Description);

/// <summary>An s-op's decoded values at one stage (positions after BOS), beside the evaluator's.</summary>
/// <param name="Sop">The s-op's label.</param>
/// <param name="Stage">The stage number.</param>
/// <param name="Decoded">The values read off the s-op's directions (None: no direction above ½).</param>
/// <param name="Expected">The evaluator's values, or null when there is no program (model file) or it gives no output.</param>
/// <param name="Matches">Whether every position agrees (true when there is nothing to compare).</param>
public sealed record SopReading(string Sop, int Stage, IReadOnlyList<Value> Decoded, IReadOnlyList<Value>? Expected, bool Matches);

/// <summary>The residual stream of one run decoded stage by stage.</summary>
/// <param name="Input">The input (without BOS).</param>
/// <param name="Stages">The stages read.</param>
/// <param name="Readings">Every s-op at every stage where it is present.</param>
/// <param name="Output">The model's decoded output.</param>
/// <param name="ExpectedOutput">The evaluator's output (null: no program, or the evaluator refused the input).</param>
public sealed record ResidualDecoding(IReadOnlyList<Value> Input, IReadOnlyList<ResidualStage> Stages, IReadOnlyList<SopReading> Readings,
    IReadOnlyList<Value> Output, IReadOnlyList<Value>? ExpectedOutput)
{
    /// <summary>True when every reading agrees with the evaluator.</summary>
    public bool AllMatch => Readings.All(r => r.Matches);
}

/// <summary>
/// Residual decoding for compiled models: runs the engine with a cache and reads, at every stage, the value of every
/// s-op off its named directions, side by side with the RASP evaluator's value for that s-op (the semantics and the
/// causal flag the program was compiled for). Categorical values are the direction above ½ (None if none is); numerical values are the
/// coordinate itself (compared within 1e-6).
/// </summary>
public sealed class ResidualDecoder
{
    /// <summary>Numerical tolerance, as the verifier's.</summary>
    public const double Tolerance = 1e-6;

    private readonly Transformer<double> _engine;

    /// <summary>Decoder for a compilation: s-op directions and stages come from the compiler's graph and placements.</summary>
    public ResidualDecoder(Compilation compilation)
    {
        Compilation = compilation;
        Model = compilation.Model;
        _engine = EngineModel.Build(Model);
        var residual = compilation.Craft.Residual;
        var available = new Dictionary<GraphNode, int>();
        foreach (var p in compilation.Placements) available[p.Block.Node] = p.SubLayer;
        var sops = new List<SopDirections>();
        foreach (var node in compilation.Graph.Nodes)
        {
            if (node.Kind is NodeKind.Selector or NodeKind.Full || node.Expr is not SOp sop) continue;
            int first = node.Kind is NodeKind.Tokens or NodeKind.Indices ? -1 : available.GetValueOrDefault(node, int.MaxValue);
            if (first == int.MaxValue) continue;
            var set = compilation.ValueSets[node];
            if (node.IsNumerical)
            {
                int i = residual.IndexOf(Residual.Of(node));
                if (i < 0) continue;
                sops.Add(new SopDirections(node.Label, true, [], [i], [], first, sop, node.Kind == NodeKind.WidthScalar));
            }
            else
            {
                var kept = set.Values.Where(v => residual.IndexOf(Residual.Of(node, v)) >= 0).ToList();
                if (kept.Count == 0) continue;
                var pruned = set.Values.Where(v => residual.IndexOf(Residual.Of(node, v)) < 0).ToList();
                sops.Add(new SopDirections(node.Label, false, kept, kept.Select(v => residual.IndexOf(Residual.Of(node, v))).ToList(), pruned, first, sop, false));
            }
        }
        Sops = sops;
    }

    /// <summary>Decoder for a saved model: s-ops are grouped from the residual labels (<c>name:value</c> or <c>name</c>); nothing to compare with.</summary>
    public ResidualDecoder(CompiledModel model)
    {
        Model = model;
        _engine = EngineModel.Build(model);
        var groups = new List<(string Name, List<(string? Value, int Index)> Dirs)>();
        for (int i = 0; i < model.ResidualLabels.Count; i++)
        {
            var label = model.ResidualLabels[i];
            if (label is Residual.OneName or Residual.BosName) continue;
            int colon = label.IndexOf(':');
            string name = colon < 0 ? label : label[..colon];
            string? value = colon < 0 ? null : label[(colon + 1)..];
            var g = groups.FirstOrDefault(x => x.Name == name);
            if (g.Dirs is null) { g = (name, []); groups.Add(g); }
            g.Dirs.Add((value, i));
        }
        Sops = groups.Select(g => g.Dirs.All(d => d.Value is null)
            ? new SopDirections(g.Name, true, [], [g.Dirs[0].Index], [], -1, null, false)
            : new SopDirections(g.Name, false, g.Dirs.Select(d => ParseLabelValue(d.Value ?? "")).ToList(), g.Dirs.Select(d => d.Index).ToList(), [], -1, null, false)).ToList();
    }

    /// <summary>The compilation (null for a model file).</summary>
    public Compilation? Compilation { get; }

    /// <summary>The compiled model.</summary>
    public CompiledModel Model { get; }

    /// <summary>The s-ops that have residual directions.</summary>
    public IReadOnlyList<SopDirections> Sops { get; }

    /// <summary>The stages of this model: embeddings, then attention and MLP of every layer.</summary>
    public IReadOnlyList<ResidualStage> Stages()
    {
        var stages = new List<ResidualStage> { new(-1, HookNames.ResidPre(0), "embeddings") };
        var blocks = _engine.Blocks.Blocks;
        for (int l = 0; l < blocks.Count; l++)
        {
            stages.Add(new(2 * l, blocks[l].SelfAttention is null ? HookNames.ResidPre(l) : HookNames.ResidMid(l), $"layer {l} attention"));
            stages.Add(new(2 * l + 1, HookNames.ResidPost(l), $"layer {l} MLP"));
        }
        return stages;
    }

    /// <summary>The engine model the decoder runs.</summary>
    public Transformer<double> Engine => _engine;

    /// <summary>Runs <paramref name="input"/> and decodes every s-op at every stage where it is present (every stage for a model file).</summary>
    public ResidualDecoding Decode(IReadOnlyList<Value> input)
    {
        var ids = Model.Encode(input);
        var stages = Stages();
        if (Model.Layers.Count == 0) throw new UserError("the model has no layers, so there is no residual stream to decode");
        var cache = new ActivationCache<double>(n => n.Contains("hook_resid", StringComparison.Ordinal));
        var logits = _engine.Forward(ids, null, cache);
        var output = Enumerable.Range(1, input.Count).Select(p => Model.DecodeLogits(i => logits[i, p])).ToList();

        EvaluationTrace? trace = null;
        if (Compilation is { } c)
        {
            try { trace = new RaspEvaluator(c.Options.Semantics, c.Options.Causal).Trace(c.Program, input); }
            catch (RaspError) { trace = null; }
        }
        var readings = new List<SopReading>();
        foreach (var stage in stages)
        {
            var x = cache[stage.Hook];
            foreach (var sop in Sops)
            {
                if (Compilation is not null && stage.Index < sop.FirstStage) continue;
                var decoded = Enumerable.Range(1, input.Count).Select(p => Read(sop, x, p)).ToList();
                IReadOnlyList<Value>? expected = trace is null || sop.Node is null ? null : Expected(sop, trace);
                bool matches = expected is null || Enumerable.Range(0, input.Count).All(p => Agrees(sop, decoded[p], expected[p]));
                readings.Add(new SopReading(sop.Label, stage.Index, decoded, expected, matches));
            }
        }
        return new ResidualDecoding(input, stages, readings, output, trace?.Values(Compilation!.Program));
    }

    /// <summary>The value of <paramref name="sop"/> at column <paramref name="position"/> of a residual matrix.</summary>
    public static Value Read(SopDirections sop, Tensor<double> residual, int position)
    {
        if (sop.Numerical) return Value.Float(residual[sop.Directions[0], position]);
        int best = -1;
        double max = 0.5;
        for (int i = 0; i < sop.Directions.Count; i++)
        {
            double v = residual[sop.Directions[i], position];
            if (v > max) { max = v; best = i; }
        }
        return best < 0 ? Value.None : sop.Values[best];
    }

    /// <summary>The evaluator's values of the s-op (for a width scalar, 1/(w+1)).</summary>
    private static IReadOnlyList<Value> Expected(SopDirections sop, EvaluationTrace trace)
    {
        var values = trace.Values(sop.Node!);
        return sop.IsWidthScalar ? values.Select(w => Value.Float(1.0 / (w.AsDouble() + 1))).ToList() : values;
    }

    /// <summary>
    /// Whether a decoded value agrees with the evaluator's: numbers within <see cref="Tolerance"/> (a numerical
    /// None reads 0); categorical values equal, where a position with no hot direction agrees with None or with any
    /// value whose direction was pruned.
    /// </summary>
    public static bool Agrees(SopDirections sop, Value decoded, Value expected)
    {
        if (sop.Numerical)
        {
            double e = expected.IsNone ? 0 : expected.AsDouble();
            return decoded.IsNumeric && Math.Abs(decoded.AsDouble() - e) <= Tolerance;
        }
        if (decoded.IsNone) return expected.IsNone || sop.Pruned.Any(v => v.Equals(expected));
        return !expected.IsNone && decoded.Equals(expected);
    }

    private static Value ParseLabelValue(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return Value.Int(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return Value.Float(d);
        if (text is "True") return Value.Bool(true);
        if (text is "False") return Value.Bool(false);
        return Value.String(text);
    }
}
