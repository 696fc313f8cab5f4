using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Interop.Onnx;

/// <summary>The outcome of running an exported compiled model in onnxruntime against the Glassbox engine.</summary>
/// <param name="Inputs">Inputs compared.</param>
/// <param name="Mismatches">Inputs where some position differs (categorical: not equal; numerical: more than <see cref="OnnxCheck.Tolerance"/>).</param>
/// <param name="WorstNumerical">The largest numerical difference seen (0 for categorical outputs).</param>
public sealed record OnnxCheckResult(int Inputs, int Mismatches, double WorstNumerical);

/// <summary>
/// Checks an exported ONNX file against the engine: both run the same inputs (onnxruntime in float32 with graph
/// optimisations on, the engine in double precision) and their decoded outputs are compared.
/// </summary>
public static class OnnxCheck
{
    /// <summary>Numerical outputs may differ by this much (float32 against double).</summary>
    public const double Tolerance = 1e-5;

    /// <summary>Runs <paramref name="inputs"/> through <paramref name="runner"/> and decodes every position after BOS.</summary>
    public static IReadOnlyList<IReadOnlyList<Value>> Run(CompiledModel model, OnnxRunner runner, IReadOnlyList<IReadOnlyList<Value>> inputs)
    {
        var logits = runner.Run(inputs.Select(model.Encode).ToList());
        return logits.Select((l, s) => (IReadOnlyList<Value>)Enumerable.Range(1, inputs[s].Count)
            .Select(p => model.DecodeLogits(i => l[p, i])).ToArray()).ToList();
    }

    /// <summary>Compares onnxruntime on <paramref name="onnx"/> with the engine on <paramref name="model"/> over <paramref name="inputs"/>.</summary>
    public static OnnxCheckResult AgainstEngine(CompiledModel model, byte[] onnx, IEnumerable<IReadOnlyList<Value>> inputs)
    {
        var all = inputs.ToList();
        using var runner = new OnnxRunner(onnx);
        var got = Run(model, runner, all);
        var want = EngineModel.Run(model, EngineModel.Build(model), all);
        var (mismatches, worst) = (0, 0.0);
        for (var s = 0; s < all.Count; s++)
        {
            var bad = false;
            for (var p = 0; p < all[s].Count; p++)
            {
                if (model.Output.Numerical)
                {
                    var diff = Math.Abs(want[s][p].AsDouble() - got[s][p].AsDouble());
                    worst = Math.Max(worst, diff);
                    bad |= !(diff <= Tolerance);
                }
                else bad |= !want[s][p].IdenticalTo(got[s][p]);
            }
            if (bad) mismatches++;
        }
        return new OnnxCheckResult(all.Count, mismatches, worst);
    }
}
