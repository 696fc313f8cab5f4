using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Glassbox.Tensors.Benchmarks;

/// <summary>
/// Best-of-N timing for the engine benchmarks. Single-threaded work is timed by the calling thread's CPU time where the OS offers it
/// (Linux), so time the scheduler gives to other processes on a shared machine is not counted; parallel work is
/// timed by the wall clock. Either way the fastest batch is kept: it is the least disturbed one.
/// </summary>
public static class Timing
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static readonly bool HasThreadClock = OperatingSystem.IsLinux() && TryThreadClock(out _);

    /// <summary>True when single-threaded timings use the thread's CPU time (else the wall clock).</summary>
    public static bool UsesThreadCpuTime => HasThreadClock;

    private static bool TryThreadClock(out double seconds)
    {
        seconds = 0;
        try
        {
            if (ClockGetTime(ClockThreadCpuTime, out var t) != 0) return false;
            seconds = t.Seconds + t.Nanoseconds * 1e-9;
            return true;
        }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    private static double Now(bool threadCpu, Stopwatch wall)
    {
        if (threadCpu && HasThreadClock && TryThreadClock(out double s)) return s;
        return wall.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Runs <paramref name="action"/> in 20 ms slices until at least <paramref name="seconds"/> have passed and the
    /// time per call has stopped improving for three slices (at most 3 s), so that tiered compilation has replaced
    /// the quick first code by optimised code — which on a busy machine can take far longer than its nominal
    /// 100 ms — before anything is timed.
    /// </summary>
    public static void WarmUp(Action action, double seconds)
    {
        var wall = Stopwatch.StartNew();
        double best = double.MaxValue;
        int stale = 0;
        while (wall.Elapsed.TotalSeconds < 3)
        {
            double start = Now(true, wall);
            int calls = 0;
            do { action(); calls++; } while (Now(true, wall) - start < 0.02);
            double perCall = (Now(true, wall) - start) / calls;
            if (perCall < best * 0.95) { best = perCall; stale = 0; }
            else stale++;
            if (stale >= 3 && wall.Elapsed.TotalSeconds >= seconds) break;
        }
    }

    /// <summary>
    /// Seconds per call of <paramref name="action"/>: repeats it in batches of ≥ <paramref name="minSeconds"/> and
    /// keeps the fastest batch. <paramref name="singleThreaded"/> selects thread CPU time (when available).
    /// </summary>
    public static double SecondsPerCall(Action action, double minSeconds = 0.1, int batches = 5, bool singleThreaded = true)
    {
        var wall = Stopwatch.StartNew();
        action(); // warm up (JIT, tiering, caches)
        int reps = 1;
        while (true)
        {
            double start = Now(singleThreaded, wall);
            for (int i = 0; i < reps; i++) action();
            if (Now(singleThreaded, wall) - start >= minSeconds / 4 || reps > 1 << 24) break;
            reps *= 2;
        }
        double best = double.MaxValue;
        for (int b = 0; b < batches; b++)
        {
            double start = Now(singleThreaded, wall);
            for (int i = 0; i < reps; i++) action();
            best = Math.Min(best, (Now(singleThreaded, wall) - start) / reps);
        }
        return best;
    }

    /// <summary>
    /// Calls per second of <paramref name="value"/> and of its <paramref name="baseline"/>, timed round by round
    /// (see <see cref="BestOfInterleaved(IReadOnlyList{Action}, int, double)"/>).
    /// </summary>
    public static (double Value, double Baseline) BestOfInterleaved(Action value, Action baseline, int rounds, double minSeconds)
    {
        var rates = BestOfInterleaved([baseline, value], rounds, minSeconds);
        return (rates[1], rates[0]);
    }

    /// <summary>
    /// Calls per second of each of <paramref name="actions"/>, timed round by round in turn (each in batches of
    /// ≥ <paramref name="minSeconds"/> on the thread's CPU clock) so that all of them see the same machine; each keeps
    /// its best round.
    /// </summary>
    public static double[] BestOfInterleaved(IReadOnlyList<Action> actions, int rounds, double minSeconds)
    {
        var best = new double[actions.Count];
        for (int r = 0; r < rounds; r++)
            for (int i = 0; i < actions.Count; i++)
                best[i] = Math.Max(best[i], 1 / SecondsPerCall(actions[i], minSeconds, 1));
        return best;
    }

    /// <summary>
    /// Runs <paramref name="measure"/> with the engine's kernels held to one thread
    /// (<see cref="Kernels.MaxDegreeOfParallelism"/> = 1, restored after), so that the thread CPU time
    /// <see cref="SecondsPerCall"/> reads is the whole cost.
    /// </summary>
    public static TResult OnOneCore<TResult>(Func<TResult> measure)
    {
        int saved = Kernels.MaxDegreeOfParallelism;
        Kernels.MaxDegreeOfParallelism = 1;
        try { return measure(); }
        finally { Kernels.MaxDegreeOfParallelism = saved; }
    }
}
