using System.Numerics;

namespace Glassbox.Looped;

/// <summary>How to run a SUBLEQ program (what <c>glassbox subleq</c> asks for).</summary>
/// <param name="Transformer">Run the looped transformer instead of the interpreter.</param>
/// <param name="Float32">Use float32 for X and the weights (else float64).</param>
/// <param name="Trace">Print every step; the transformer is compared with the interpreter after every loop.</param>
/// <param name="MaxSteps">Stop after this many instructions.</param>
/// <param name="Lambda">Softmax temperature λ; null means hard attention (average over tied maxima).</param>
/// <param name="Sparse">Use the sparse hard-attention path instead of the engine's dense path.</param>
public sealed record SubleqRunOptions(bool Transformer, bool Float32, bool Trace, long MaxSteps, double? Lambda = null, bool Sparse = false);

/// <summary>Runs a program as <see cref="SubleqRunOptions"/> say, optionally printing a step-by-step trace.</summary>
public static class SubleqRunner
{
    /// <summary>
    /// Runs <paramref name="program"/>. Returns the run, or the first divergence between the transformer and the
    /// interpreter when tracing. Trace lines go to <paramref name="log"/> when it is given.
    /// </summary>
    public static (SubleqRun? Run, LoopDivergence? Divergence) Run(SubleqProgram program, SubleqRunOptions options, TextWriter? log)
    {
        if (!options.Transformer)
        {
            var machine = new SubleqMachine(program);
            while (!machine.Halted && machine.Steps < options.MaxSteps)
            {
                var pc = machine.Pc;
                machine.Step();
                if (options.Trace) log?.WriteLine(TraceLine(program, pc, machine.Snapshot()));
            }
            return (new SubleqRun(machine.Halted, machine.Snapshot()), null);
        }
        return options.Float32 ? RunLooped<float>(program, options, log) : RunLooped<double>(program, options, log);
    }

    /// <summary>
    /// Builds the looped computer for <paramref name="program"/>: on the engine (dense; hard attention when
    /// <paramref name="lambda"/> is null, else softmax with temperature λ) or on the sparse hard-attention path.
    /// </summary>
    public static LoopedSubleq<T> Build<T>(SubleqProgram program, double? lambda = null, bool sparse = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = SubleqLayout.For(program);
        LoopedLimits.Check(layout, typeof(T) == typeof(float));
        if (sparse && lambda is not null) throw new UserError("the sparse path runs hard attention only; drop --sparse to use softmax");
        if (lambda is { } l && !(l > 0 && double.IsFinite(l))) throw new UserError($"--lambda must be a positive number, got {l}");
        var layers = SubleqConstruction.Build(layout);
        ILoopedForward<T> forward = sparse
            ? new SparseLoopedForward<T>(layers, layout.Width, layout.Columns)
            : new EngineLoopedForward<T>(layers, layout.Width, layout.Columns, lambda);
        return new LoopedSubleq<T>(program, forward);
    }

    private static (SubleqRun?, LoopDivergence?) RunLooped<T>(SubleqProgram program, SubleqRunOptions options, TextWriter? log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var computer = Build<T>(program, options.Lambda, options.Sparse);
        if (!options.Trace) return (computer.Run(options.MaxSteps), null);
        var previousPc = computer.State.Pc;
        var divergence = computer.RunLockstep(options.MaxSteps, 1e-6, state =>
        {
            log?.WriteLine(TraceLine(program, previousPc, state) + "  = interpreter");
            previousPc = state.Pc;
        });
        return divergence is null ? (new SubleqRun(computer.Halted, computer.State), null) : (null, divergence);
    }

    private static string TraceLine(SubleqProgram program, int pc, SubleqState after)
    {
        var (a, b, _) = program.Instructions[pc];
        return $"step {after.Steps,6}: [{pc}] {program.CellName(b)} -= {program.CellName(a)} -> {after.Memory[b]}; pc {after.Pc}";
    }
}

/// <summary>The documented limits of the looped SUBLEQ construction (see docs/looped.md).</summary>
public static class LoopedLimits
{
    /// <summary>Largest N exact in float32 (sums of the subtractor reach 2^(N+2) with half-integer offsets).</summary>
    public const int MaxBitsFloat32 = 21;

    /// <summary>Largest N exact in float64.</summary>
    public const int MaxBitsFloat64 = 50;

    /// <summary>Largest address width L (codes are packed in 63 bits by the sparse path; n ≤ 2^20 keeps memory sane).</summary>
    public const int MaxAddressBits = 20;

    /// <summary>Refuses, as a <see cref="UserError"/>, a layout the construction cannot run exactly.</summary>
    public static void Check(SubleqLayout layout, bool float32)
    {
        var max = float32 ? MaxBitsFloat32 : MaxBitsFloat64;
        if (layout.Bits > max)
            throw new UserError($"the looped transformer is exact for N ≤ {max} bits in {(float32 ? "float32" : "float64")}; this program uses N = {layout.Bits}" +
                                (float32 ? " (use --precision float64)" : ""));
        if (layout.AddressBits > MaxAddressBits)
            throw new UserError($"the program needs {layout.Columns} columns (L = {layout.AddressBits}); the looped transformer allows L ≤ {MaxAddressBits}");
    }
}
