using System.Numerics;
using Glassbox.Tensors.Benchmarks;

namespace Glassbox.Looped;

/// <summary>One measured throughput: instructions per second of one execution path on one program.</summary>
/// <param name="Path">interpreter, engine (dense, hard attention) or sparse.</param>
/// <param name="Precision">float32, float64 or int64 (the interpreter).</param>
/// <param name="PerSecond">Instructions per second of thread CPU time (<see cref="Timing"/>).</param>
public sealed record SubleqThroughput(string Path, string Precision, double PerSecond);

/// <summary>
/// Measures instructions per second of the interpreter and of the looped transformer (engine and sparse paths) on
/// one program in the same run (<c>glassbox subleq FILE --bench</c>). Every path runs the program from its start
/// until it halts, then starts it again, so a halted program's EOF fixed point (which the sparse path skips almost
/// for free) is never what is timed; restarting is part of the timed work.
/// </summary>
public static class SubleqBenchmark
{
    /// <summary>Runs every path for about <paramref name="seconds"/> each.</summary>
    public static IReadOnlyList<SubleqThroughput> Measure(SubleqProgram program, double seconds) =>
        // Thread CPU time is the measure, so the engine's products must not spread over other cores.
        Timing.OnOneCore(() => MeasureOnOneCore(program, seconds));

    private static IReadOnlyList<SubleqThroughput> MeasureOnOneCore(SubleqProgram program, double seconds)
    {
        var machine = new SubleqMachine(program);
        const int interpreterBatch = 10_000;
        void Interpret()
        {
            for (var i = 0; i < interpreterBatch; i++)
            {
                if (machine.Halted) machine = new SubleqMachine(program);
                machine.Step();
            }
        }
        Timing.WarmUp(Interpret, Math.Min(seconds, 0.2));
        var results = new List<SubleqThroughput>
        {
            new("interpreter", "int64", interpreterBatch / Timing.SecondsPerCall(Interpret, seconds / 5)),
            Looped<double>("engine", "float64", program, false, seconds),
            Looped<float>("engine", "float32", program, false, seconds),
            Looped<double>("sparse", "float64", program, true, seconds),
            Looped<float>("sparse", "float32", program, true, seconds),
        };
        return results;
    }

    private static SubleqThroughput Looped<T>(string path, string precision, SubleqProgram program, bool sparse, double seconds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = SubleqLayout.For(program);
        LoopedLimits.Check(layout, typeof(T) == typeof(float));
        var layers = SubleqConstruction.Build(layout);
        ILoopedForward<T> forward = sparse
            ? new SparseLoopedForward<T>(layers, layout.Width, layout.Columns)
            : new EngineLoopedForward<T>(layers, layout.Width, layout.Columns, null);
        var start = PunchCard.Encode<T>(program);
        var x = start.ToArray();
        var eof = layout.InstructionColumn(program.EofIndex);
        var batch = sparse ? 100 : 1;
        void Run()
        {
            for (var i = 0; i < batch; i++)
            {
                if (PunchCard.ReadCode<T>(x.AsSpan(0, layout.Width), layout.Pc, layout.AddressBits) == eof) start.CopyTo(x.AsSpan());
                forward.Loop(x);
            }
        }
        Timing.WarmUp(Run, Math.Min(seconds, 0.2));
        return new SubleqThroughput(path, precision, batch / Timing.SecondsPerCall(Run, seconds / 5));
    }
}
