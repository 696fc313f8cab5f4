using System.Numerics;
using Glassbox.Tensors.Benchmarks;

namespace Glassbox.Benchmarks;

/// <summary>The groups of figures <c>glassbox bench</c> measures.</summary>
public enum BenchArea
{
    /// <summary>Compiling every <c>--lib</c> program, and how compile time and model width grow (<see cref="Compiler.CompileFigures"/>).</summary>
    Compile,
    /// <summary>Compiled-model forward pass against a second runtime; exhaustive verification throughput.</summary>
    Forward,
    /// <summary>Forward+backward tokens/s of small trained models.</summary>
    Training,
    /// <summary>SUBLEQ instructions/s through the looped transformer against the interpreter (<see cref="Looped.LoopedFigures"/>).</summary>
    Looped,
    /// <summary>Matrix-product GFLOP/s against the naive loop and the plain-SIMD peak.</summary>
    Matmul,
}

/// <summary>One area's measured figures.</summary>
/// <param name="Area">The area.</param>
/// <param name="Figures">Its figures, each a value and a baseline measured in the same run.</param>
public sealed record BenchSection(BenchArea Area, IReadOnlyList<Figure> Figures);

/// <summary>The whole benchmark: every area's figures, each a ratio against a baseline measured in the same run.</summary>
public static class BenchSuite
{
    /// <summary>The areas in the order they run.</summary>
    public static IReadOnlyList<BenchArea> Areas { get; } = Enum.GetValues<BenchArea>();

    /// <summary>The command-line name of an area.</summary>
    public static string NameOf(BenchArea area) => area.ToString().ToLowerInvariant();

    /// <summary>Parses a comma-separated list of area names (null or empty: all areas).</summary>
    public static IReadOnlyList<BenchArea> Parse(string? only)
    {
        if (string.IsNullOrWhiteSpace(only)) return Areas;
        var areas = new List<BenchArea>();
        foreach (var part in only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var area = Areas.Where(a => NameOf(a) == part.ToLowerInvariant()).Select(a => (BenchArea?)a).FirstOrDefault()
                ?? throw new UserError($"unknown benchmark area '{part}'; choose from {string.Join(", ", Areas.Select(NameOf))}");
            if (!areas.Contains(area)) areas.Add(area);
        }
        return areas;
    }

    /// <summary>Measures one area. <paramref name="baseline"/> is the second runtime of the forward figures (none: they are left out).</summary>
    public static BenchSection Measure(BenchArea area, bool quick, IForwardBaseline? baseline = null) => new(area, area switch
    {
        BenchArea.Compile => Compiler.CompileFigures.Measure(quick),
        BenchArea.Forward => ForwardFigures.Measure(quick, baseline),
        BenchArea.Looped => Looped.LoopedFigures.Measure(quick),
        BenchArea.Training => TrainingFigures.Measure(quick),
        _ => MatMulFigures.Measure(quick ? [256] : [256, 512], quick, float64: !quick),
    });

    /// <summary>
    /// sort's compile time and model width as the vocabulary grows (3 → 50 at max_seq_len 16) and as max_seq_len grows
    /// (5 → 64 at vocabulary 10), for the plots; <paramref name="quick"/> stops at 30 tokens and length 32.
    /// </summary>
    public static (IReadOnlyList<Compiler.CompileGrowthPoint> Vocabulary, IReadOnlyList<Compiler.CompileGrowthPoint> Length) CompileGrowth(bool quick) =>
        (Compiler.CompileFigures.Growth("sort", Compiler.CompileFigures.VocabularySweep.Where(p => !quick || p.Vocabulary <= 30)),
         Compiler.CompileFigures.Growth("sort", Compiler.CompileFigures.LengthSweep.Where(p => !quick || p.MaxSeqLen <= 32)));

    /// <summary>True when the Glassbox library was compiled with optimisations (a Release build); Debug timings mean little.</summary>
    public static bool Optimized { get; } = typeof(BenchSuite).Assembly
        .GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
        .OfType<System.Diagnostics.DebuggableAttribute>().All(a => !a.IsJITOptimizerDisabled);

    /// <summary>A one-line description of this machine: cores, CPU model, SIMD width, runtime.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores ({CpuModel()}), Vector<float> = {Vector<float>.Count} lanes, .NET {Environment.Version}, {Environment.OSVersion}";

    /// <summary>The CPU model named in /proc/cpuinfo (Linux), else the processor architecture.</summary>
    public static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':') is var i and > 0)
                        return line[(i + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
