using BenchmarkDotNet.Attributes;
using Glassbox.Benchmarks;
using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Rasp;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Bench;

/// <summary>BenchmarkDotNet detail: a compiled model's forward pass (token ids → logits) on the engine in float32, batch 1 and 256.</summary>
[MemoryDiagnoser]
public class CompiledForwardBenchmarks
{
    private Transformer<float> engine = null!;
    private List<int[]> one = null!, many = null!;

    /// <summary>The library program (compiled over 1…8, max_seq_len 8).</summary>
    [Params("sort", "hist")]
    public string Program { get; set; } = "sort";

    /// <summary>Compiles the program and draws seeded inputs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var vocab = Enumerable.Range(1, 8).Select(i => Value.Int(i)).ToList();
        var model = ForwardFigures.CompileLibrary(Program, vocab, 8).Model;
        engine = EngineModel.Build<float>(model);
        var rng = new Random(7);
        many = Enumerable.Range(0, 256).Select(_ => model.Encode(Enumerable.Range(0, 8).Select(_ => vocab[rng.Next(8)]).ToList())).ToList();
        one = [many[0]];
    }

    /// <summary>One sequence.</summary>
    [Benchmark(Baseline = true)]
    public object Batch1() => engine.ForwardBatch(one);

    /// <summary>256 sequences in one packed pass.</summary>
    [Benchmark(OperationsPerInvoke = 256)]
    public object Batch256() => engine.ForwardBatch(many);
}

/// <summary>BenchmarkDotNet detail: one forward+backward minibatch of the induction-head experiment's model (float64).</summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private Transformer<double> model = null!;
    private List<int[]> inputs = null!, targets = null!;
    private readonly Gradients<double> grads = new();

    /// <summary>Builds the model and one seeded minibatch of 32 sequences.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var settings = new InductionSettings();
        model = InductionExperiment.CreateModel(settings);
        var rng = new Random(1);
        var batch = Enumerable.Range(0, settings.BatchSize).Select(_ => InductionExperiment.TrainingSequence(settings, rng)).ToList();
        inputs = batch.Select(x => x[..^1]).ToList();
        targets = batch.Select(x => x[1..]).ToList();
    }

    /// <summary>Forward only.</summary>
    [Benchmark(Baseline = true)]
    public object Forward() => model.ForwardBatch(inputs);

    /// <summary>Forward and backward (gradients accumulated).</summary>
    [Benchmark]
    public double ForwardBackward()
    {
        grads.Clear();
        return model.Backpropagate(inputs, targets, grads).SumLoss;
    }
}
