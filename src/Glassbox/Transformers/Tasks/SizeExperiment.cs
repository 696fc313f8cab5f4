using Glassbox.Transformers.Training;

namespace Glassbox.Transformers.Tasks;

using Glassbox.Rasp;

/// <summary>One model shape of the size experiment: what it is (<c>rasp</c>, <c>layer_fewer</c>, …), layers, heads, d_model.</summary>
public sealed record SizeConfiguration(string Name, string Description, int Layers, int Heads, int DModel);

/// <summary>One trained configuration and its measured outcome.</summary>
public sealed record SizeRun(SizeConfiguration Configuration, TaskTrainingReport Report);

/// <summary>The outcome of <see cref="SizeExperiment.Run"/>: the program, its analysis, and one run per configuration.</summary>
public sealed record SizeExperimentResult(TaskProgram Program, AnalysisResult Analysis, IReadOnlyList<SizeRun> Runs);

/// <summary>
/// The RASP paper's tightness experiment (rasp.md §3.5): train an encoder with the layers and maximum heads per layer
/// that the RASP analysis gives for the task's program, then the same with one layer fewer, one head fewer (when the
/// program needs more than one), and one layer fewer with twice the heads and twice d_model (when that still leaves a
/// layer: it shows that the missing layer, not the missing capacity, is what costs accuracy). Everything else —
/// data, seed, optimiser, steps — is the same for every configuration.
/// </summary>
public static class SizeExperiment
{
    /// <summary>The configurations derived from <paramref name="analysis"/>, exact size first.</summary>
    public static IReadOnlyList<SizeConfiguration> Configurations(AnalysisResult analysis, int dModel)
    {
        int layers = analysis.Layers, heads = Math.Max(1, analysis.MaxHeads);
        var result = new List<SizeConfiguration> { new("rasp", "the RASP program's size", layers, heads, dModel) };
        if (layers >= 1) result.Add(new("layer_fewer", "one layer fewer", layers - 1, heads, dModel));
        if (heads >= 2) result.Add(new("head_fewer", "one head fewer", layers, heads - 1, dModel));
        if (layers >= 2) result.Add(new("layer_fewer_wide", "one layer fewer, 2× heads and d_model", layers - 1, 2 * heads, 2 * dModel));
        return result;
    }

    /// <summary>
    /// Runs the experiment for <paramref name="spec"/>'s task (an encoder; <c>Layers</c> and <c>Heads</c> of the
    /// spec are replaced by each configuration's). <paramref name="progress"/> hears every training step.
    /// </summary>
    public static SizeExperimentResult Run(TaskTrainingSpec spec, Action<SizeConfiguration, TrainingProgress>? progress = null)
    {
        if (spec.Architecture != Architecture.Encoder)
            throw new UserError("--size-from-analysis trains encoders (the RASP paper's setting): leave --arch at encoder");
        var program = TaskPrograms.For(spec.Task, spec.MaxLength);
        var analysis = RaspAnalysis.Analyse(program.Program);
        var runs = new List<SizeRun>();
        foreach (var c in Configurations(analysis, spec.DModel))
        {
            var (_, report) = TaskTraining.Run(spec with { Layers = c.Layers, Heads = c.Heads, DModel = c.DModel },
                progress is null ? null : p => progress(c, p));
            runs.Add(new SizeRun(c, report));
        }
        return new SizeExperimentResult(program, analysis, runs);
    }
}
