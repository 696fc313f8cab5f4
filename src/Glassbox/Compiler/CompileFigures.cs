using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using Glassbox.Tensors;
using Glassbox.Tensors.Benchmarks;

namespace Glassbox.Compiler;

/// <summary>One compilation of a program at one size, verified on seeded random inputs: a point of a growth series.</summary>
/// <param name="Program">The library program.</param>
/// <param name="Vocabulary">|vocab| (tokens 1…V).</param>
/// <param name="MaxSeqLen">max_seq_len.</param>
/// <param name="CompileMs">Compile time (whole pipeline, best of the repeats, one thread's CPU time).</param>
/// <param name="VerifyMs">Engine build plus verification of <see cref="Inputs"/> seeded random inputs against the evaluator.</param>
/// <param name="EvaluatorMs">The RASP evaluator alone on the same inputs (the baseline).</param>
/// <param name="Inputs">Inputs verified.</param>
/// <param name="Mismatches">Inputs where the model and the evaluator differ (0 unless the compiler is wrong).</param>
/// <param name="Layers">Layers of the model.</param>
/// <param name="ResidualDim">Residual width.</param>
/// <param name="NonZeroParams">Non-zero weights.</param>
public sealed record CompileGrowthPoint(string Program, int Vocabulary, int MaxSeqLen, double CompileMs, double VerifyMs, double EvaluatorMs,
    int Inputs, int Mismatches, int Layers, int ResidualDim, long NonZeroParams);

/// <summary>Compile plus verification time of sort at one of issue 4's scale points, against the 1 s budget and
/// Tracr's published compile time there (quoted: Tracr does not run here).</summary>
/// <param name="Vocabulary">|vocab|.</param>
/// <param name="MaxSeqLen">max_seq_len.</param>
/// <param name="CompileMs">Compile time (one thread's CPU time, best of the repeats).</param>
/// <param name="VerifyMs">Engine build plus verification on the seeded random inputs.</param>
/// <param name="Inputs">How many inputs were verified.</param>
/// <param name="Mismatches">Inputs where model and evaluator differ (0).</param>
/// <param name="TracrSeconds">Tracr's compile time at this size, quoted.</param>
public sealed record CompileScaleCheck(int Vocabulary, int MaxSeqLen, double CompileMs, double VerifyMs, int Inputs, int Mismatches, double TracrSeconds)
{
    /// <summary>Compile plus verification.</summary>
    public double TotalMs => CompileMs + VerifyMs;

    /// <summary>Whether compile plus verification fits in <see cref="CompileFigures.BudgetMs"/>.</summary>
    public bool WithinBudget => TotalMs <= CompileFigures.BudgetMs;

    /// <summary>Tracr's compile time over Glassbox's compile plus verification.</summary>
    public double TimesFasterThanTracr => 1000 * TracrSeconds / TotalMs;

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"sort vocab {Vocabulary} / max_seq_len {MaxSeqLen}: compile {CompileMs:F0} ms + verify random:{Inputs} {VerifyMs:F0} ms = {TotalMs:F0} ms ({(WithinBudget ? "within" : "OVER")} the {CompileFigures.BudgetMs / 1000:0.#} s budget, {Mismatches} mismatches); Tracr {TracrSeconds:0.#} s (quoted) = {TimesFasterThanTracr:F0}× longer");
}

/// <summary>
/// Compile-time figures for <c>glassbox bench</c>: the time to compile every <c>--lib</c> program at vocabulary 3 /
/// max_seq_len 5, and how compile time, verification time and model width grow for <c>sort</c> as the vocabulary
/// (3 → 50) and max_seq_len (5 → 64) grow. The baseline, measured in the same run, is the RASP evaluator running the
/// same program on the inputs the model is verified on (every input up to length 5 for the library figures, 20
/// seeded random inputs for the growth figures): "compiling costs as much as evaluating the program on that many
/// inputs". Times are one thread's CPU time (the engine's kernels are held to one thread), best of the repeats, so
/// other processes on a shared machine do not count. At issue 4's scale points (<see cref="ScalePoints"/>) compile
/// plus verification is also reported as one figure (<c>scale_sort_vV_nN_compile_verify_random20</c>), and <see cref="Scale"/> states it
/// against the 1 s budget and Tracr's published time there (4.0 s at 30/32, 101 s at 50/64; quoted, Tracr does not run here).
/// </summary>
public static class CompileFigures
{
    /// <summary>Every <c>--lib</c> program of issue 4's acceptance table with its vocabulary (max_seq_len 5).</summary>
    public static readonly IReadOnlyList<(string Program, string Vocabulary)> LibraryCases =
    [
        ("length", "1,2,3"), ("reverse", "1,2,3"), ("hist", "1,2,3"), ("sort_unique", "1,2,3"), ("sort", "1,2,3"),
        ("sort_freq", "1,2,3"), ("frac_prevs", "1,2,3"), ("shift_by", "1,2,3"), ("detect_pattern", "1,2,3"),
        ("count_less_freq", "1,2,3"), ("count", "1,2,3"), ("nary_sequencemap", "1,2,3"), ("pair_balance", "(,)"),
        ("shuffle_dyck2", "(,),{,}"),
    ];

    /// <summary>sort as the vocabulary grows (max_seq_len 16).</summary>
    public static readonly IReadOnlyList<(int Vocabulary, int MaxSeqLen)> VocabularySweep =
        [(3, 16), (5, 16), (10, 16), (20, 16), (30, 16), (40, 16), (50, 16)];

    /// <summary>sort as max_seq_len grows (vocabulary 10).</summary>
    public static readonly IReadOnlyList<(int Vocabulary, int MaxSeqLen)> LengthSweep =
        [(10, 5), (10, 8), (10, 16), (10, 24), (10, 32), (10, 48), (10, 64)];

    /// <summary>Both together, up to issue 4's two scale points (30/32 and 50/64, where Tracr needs 4.0 s and 101 s).</summary>
    public static readonly IReadOnlyList<(int Vocabulary, int MaxSeqLen)> JointSweep =
        [(3, 5), (5, 8), (10, 16), (20, 24), (30, 32), (40, 48), (50, 64)];

    /// <summary>Issue 4's scale points for sort, with Tracr's published compile time at each (seconds, quoted).</summary>
    public static readonly IReadOnlyList<(int Vocabulary, int MaxSeqLen, double TracrSeconds)> ScalePoints = [(30, 32, 4.0), (50, 64, 101)];

    /// <summary>The budget for compile plus verification at a scale point.</summary>
    public const double BudgetMs = 1000;

    /// <summary>Random inputs each growth point is verified on.</summary>
    public const int GrowthInputs = 20;

    /// <summary>The figures: library compile times, then sort's joint growth (compile and verification).</summary>
    public static List<Figure> Measure(bool quick)
    {
        var figures = new List<Figure>();
        foreach (var (program, vocab) in quick ? LibraryCases.Where(c => c.Program is "sort" or "reverse") : LibraryCases)
            figures.Add(LibraryCompile(program, vocab, quick ? 1 : 3));
        var points = quick ? JointSweep.Where(p => p.Vocabulary <= 30).ToList() : JointSweep;
        foreach (var p in Growth("sort", points, quick ? 1 : 2, warmUp: !quick))
        {
            var size = $"growth_sort_v{p.Vocabulary}_n{p.MaxSeqLen}";
            var baseline = $"rasp_evaluator_{p.Inputs}_random_inputs";
            figures.Add(new Figure($"compile_{size}", p.CompileMs, "ms", baseline, p.EvaluatorMs));
            figures.Add(new Figure($"verify_random{p.Inputs}_{size}", p.VerifyMs, "ms", baseline, p.EvaluatorMs));
            if (Scale([p]) is [var check])
                figures.Add(new Figure($"scale_sort_v{p.Vocabulary}_n{p.MaxSeqLen}_compile_verify_random{p.Inputs}", check.TotalMs, "ms",
                    baseline, p.EvaluatorMs));
        }
        return figures;
    }

    /// <summary>The growth points that are scale points, as checks against the budget and Tracr's time.</summary>
    public static List<CompileScaleCheck> Scale(IEnumerable<CompileGrowthPoint> points) =>
        (from p in points
         from s in ScalePoints
         where p.Program == "sort" && s.Vocabulary == p.Vocabulary && s.MaxSeqLen == p.MaxSeqLen
         select new CompileScaleCheck(p.Vocabulary, p.MaxSeqLen, p.CompileMs, p.VerifyMs, p.Inputs, p.Mismatches, s.TracrSeconds)).ToList();

    /// <summary>Compiles, verifies and sizes <paramref name="program"/> at every (vocabulary, max_seq_len) point. With
    /// <paramref name="warmUp"/>, compilation and verification are first repeated until their time per call stops
    /// improving (<see cref="Timing.WarmUp"/>, at most 3 s each), so the figures are those of optimised code, not of a
    /// runtime still compiling the hot loops of a size it has met twice.</summary>
    public static List<CompileGrowthPoint> Growth(string program, IEnumerable<(int Vocabulary, int MaxSeqLen)> points, int repeats = 1,
        int inputs = GrowthInputs, int seed = 1, bool warmUp = false)
    {
        var result = new List<CompileGrowthPoint>();
        foreach (var (v, n) in points)
        {
            var vocab = Enumerable.Range(1, v).Select(i => Value.Int(i)).ToList();
            var lib = RaspLibrary.Resolve(program, n);
            var options = new CompileOptions(vocab, n, Semantics: lib.Semantics);
            var sample = Verifier.Random(vocab, n, inputs, seed).ToList();
            Compilation? c = null;
            VerificationResult? check = null;
            void Compile() => c = RaspCompiler.Compile(lib.Program, options, program);
            void Check() => check = Verifier.VerifyOnEngine(c!, sample);
            var (compileMs, verifyMs, evaluatorMs) = Timing.OnOneCore(() =>
            {
                if (warmUp) Timing.WarmUp(Compile, 0);
                var compileMs = Best(Compile, repeats);
                if (warmUp) Timing.WarmUp(Check, 0);
                return (compileMs, Best(Check, repeats), Best(() => Verifier.EvaluateAll(c!, sample), repeats));
            });
            var stats = Diagnostics.Stats(c!);
            result.Add(new CompileGrowthPoint(program, v, n, compileMs, verifyMs, evaluatorMs, sample.Count, check!.Mismatches,
                stats.Layers, stats.ResidualDim, stats.NonZeroParams));
        }
        return result;
    }

    /// <summary>Compile time of one library program at max_seq_len 5 against the evaluator on every input.</summary>
    private static Figure LibraryCompile(string program, string vocabulary, int repeats)
    {
        var vocab = Value.ParseVocabulary(vocabulary.Split(','));
        const int maxSeqLen = 5;
        var lib = RaspLibrary.Resolve(program, maxSeqLen);
        var options = new CompileOptions(vocab, maxSeqLen, Semantics: lib.Semantics);
        var inputs = Verifier.Exhaustive(vocab, maxSeqLen).ToList();
        Compilation? c = null;
        var (compileMs, evaluatorMs) = Timing.OnOneCore(() => (
            Best(() => c = RaspCompiler.Compile(lib.Program, options, program), repeats),
            Best(() => Verifier.EvaluateAll(c!, inputs), repeats)));
        return new Figure($"compile_lib_{program}_v{vocab.Count}_n{maxSeqLen}", compileMs, "ms",
            $"rasp_evaluator_exhaustive_{inputs.Count}_inputs", evaluatorMs);
    }


    /// <summary>Milliseconds of one call, best of <paramref name="repeats"/> (after one warm-up call).</summary>
    private static double Best(Action action, int repeats) => 1000 * Timing.SecondsPerCall(action, 0, repeats);
}
