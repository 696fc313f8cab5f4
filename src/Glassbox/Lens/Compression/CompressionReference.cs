using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Lens.Compression;

/// <summary>
/// What a compressed model must reproduce: inputs and the output expected on each. From a program it is the RASP
/// evaluator (inputs where the evaluator gives no output, e.g. <c>sort_unique</c> on repeated tokens, are outside
/// the program's domain and left out); from a saved model, which has no program, it is the uncompressed model
/// (which the compiler verified against the evaluator). Categorical outputs must be equal, numerical ones within
/// <see cref="Tolerance"/>, None only matches None.
/// </summary>
public sealed class CompressionReference
{
    /// <summary>Numerical outputs count as right within this absolute error.</summary>
    public const double Tolerance = 0.02;

    /// <summary>Inputs drawn exhaustively up to this many, otherwise seeded at random.</summary>
    public const int ExhaustiveLimit = 20_000;

    private CompressionReference(IReadOnlyList<IReadOnlyList<Value>> inputs, IReadOnlyList<IReadOnlyList<Value>> expected, bool numerical,
        string oracle, bool exhaustive)
    {
        Inputs = inputs;
        Expected = expected;
        Numerical = numerical;
        Oracle = oracle;
        Exhaustive = exhaustive;
    }

    /// <summary>The inputs (all in the program's domain).</summary>
    public IReadOnlyList<IReadOnlyList<Value>> Inputs { get; }

    /// <summary>The expected output of each input.</summary>
    public IReadOnlyList<IReadOnlyList<Value>> Expected { get; }

    /// <summary>Whether the output is numerical.</summary>
    public bool Numerical { get; }

    /// <summary>"evaluator" or "uncompressed model".</summary>
    public string Oracle { get; }

    /// <summary>True when <see cref="Inputs"/> are every input (of the domain); false when they are a seeded sample.</summary>
    public bool Exhaustive { get; }

    /// <summary>The evaluator's outputs (the compiled semantics, causal when compiled causal) on every input in the domain.</summary>
    public static CompressionReference FromEvaluator(Compilation compilation, int seed = 1, int sample = 2000)
    {
        var (candidates, exhaustive) = Candidates(compilation.Model, seed, sample);
        var evaluator = new RaspEvaluator(compilation.Options.Semantics, compilation.Options.Causal);
        var inputs = new List<IReadOnlyList<Value>>();
        var expected = new List<IReadOnlyList<Value>>();
        foreach (var input in candidates)
        {
            if (Verifier.Expected(compilation, evaluator, input) is not { } output) continue;
            inputs.Add(input);
            expected.Add(output);
        }
        if (inputs.Count == 0) throw new UserError($"the program '{compilation.Model.ProgramName}' has no output on any input, so there is nothing to compress against");
        return new CompressionReference(inputs, expected, compilation.Model.Output.Numerical, "evaluator", exhaustive);
    }

    /// <summary>The uncompressed model's outputs (on the engine) on every input.</summary>
    public static CompressionReference FromModel(CompiledModel model, int seed = 1, int sample = 2000)
    {
        var (inputs, exhaustive) = Candidates(model, seed, sample);
        var expected = EngineModel.Run(model, EngineModel.Build(model), inputs);
        return new CompressionReference(inputs, expected, model.Output.Numerical, "uncompressed model", exhaustive);
    }

    /// <summary>The fraction of inputs on which <paramref name="got"/> (one output per input) is right at every position.</summary>
    public double Accuracy(IReadOnlyList<IReadOnlyList<Value>> got)
    {
        if (got.Count != Inputs.Count) throw new ArgumentException($"expected {Inputs.Count} outputs, got {got.Count}");
        var right = 0;
        for (var i = 0; i < got.Count; i++) if (Matches(Expected[i], got[i], Numerical)) right++;
        return (double)right / got.Count;
    }

    /// <summary>The accuracy of <paramref name="compressed"/> run on the engine.</summary>
    public double Accuracy(CompressedModel compressed) => Accuracy(compressed.Run(Inputs));

    /// <summary>Whether an output matches: <see cref="Verifier.Same"/> with this class's <see cref="Tolerance"/>.</summary>
    public static bool Matches(IReadOnlyList<Value> expected, IReadOnlyList<Value> got, bool numerical) =>
        Verifier.Same(expected, got, numerical, Tolerance);

    private static (IReadOnlyList<IReadOnlyList<Value>> Inputs, bool Exhaustive) Candidates(CompiledModel model, int seed, int sample)
    {
        if (Verifier.ExhaustiveCount(model.Vocabulary.Count, model.MaxSeqLen) <= ExhaustiveLimit)
            return (Verifier.Exhaustive(model.Vocabulary, model.MaxSeqLen).ToList(), true);
        return (Verifier.Random(model.Vocabulary, model.MaxSeqLen, sample, seed).ToList(), false);
    }
}
