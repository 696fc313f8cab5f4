using System.Diagnostics;
using System.Numerics;

namespace Glassbox.Looped;

/// <summary>One measured throughput: instructions per second of one execution path on one program.</summary>
/// <param name="Path">interpreter, engine (dense, hard attention) or sparse.</param>
/// <param name="Precision">float32, float64 or int64 (the interpreter).</param>
/// <param name="Steps">Instructions executed while timing.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
/// <param name="CpuSeconds">Processor time this process used meanwhile (all its threads).</param>
public sealed record SubleqThroughput(string Path, string Precision, long Steps, double Seconds, double CpuSeconds)
{
    /// <summary>Instructions per wall-clock second.</summary>
    public double PerSecond => Steps / Seconds;

    /// <summary>Instructions per processor second (less disturbed by other processes on a busy machine).</summary>
    public double PerCpuSecond => Steps / Math.Max(CpuSeconds, 1e-9);
}

/// <summary>
/// Measures instructions per second of the interpreter and of the looped transformer (engine and sparse paths) on
/// the same program in the same run. Every path runs exactly the same number of loops (the EOF self-loop is a fixed
/// point, so halting early does not change the work per loop).
/// </summary>
public static class SubleqBenchmark
{
    /// <summary>Runs every path for about <paramref name="seconds"/> each (at least a few loops).</summary>
    public static IReadOnlyList<SubleqThroughput> Measure(SubleqProgram program, double seconds)
    {
        var results = new List<SubleqThroughput>();
        var machine = new SubleqMachine(program);
        results.Add(Time("interpreter", "int64", seconds, () => machine.Step()));
        results.Add(Looped<double>("engine", "float64", program, false, seconds));
        results.Add(Looped<float>("engine", "float32", program, false, seconds));
        results.Add(Looped<double>("sparse", "float64", program, true, seconds));
        results.Add(Looped<float>("sparse", "float32", program, true, seconds));
        return results;
    }

    private static SubleqThroughput Looped<T>(string path, string precision, SubleqProgram program, bool sparse, double seconds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var computer = SubleqRunner.Build<T>(program, null, sparse);
        return Time(path, precision, seconds, computer.Step);
    }

    private static SubleqThroughput Time(string path, string precision, double seconds, Action step)
    {
        for (var i = 0; i < 3; i++) step();                   // warm up (JIT)
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long steps = 0, batch = 1;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (var i = 0; i < batch; i++) step();
            steps += batch;
            if (batch < 1 << 20) batch *= 2;
        }
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new SubleqThroughput(path, precision, steps, wall, (process.TotalProcessorTime - cpu0).TotalSeconds);
    }
}
