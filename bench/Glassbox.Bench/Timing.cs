using System.Diagnostics;

namespace Glassbox.Bench;

/// <summary>Best-of-N wall-clock timing: on a shared machine the fastest run is the least disturbed one.</summary>
public static class Timing
{
    /// <summary>Seconds per call of <paramref name="action"/>: repeats it in batches of ≥ <paramref name="minSeconds"/> and keeps the fastest batch.</summary>
    public static double SecondsPerCall(Action action, double minSeconds = 0.1, int batches = 5)
    {
        action(); // warm up (JIT, tiering, caches)
        int reps = 1;
        var sw = Stopwatch.StartNew();
        while (true)
        {
            sw.Restart();
            for (int i = 0; i < reps; i++) action();
            if (sw.Elapsed.TotalSeconds >= minSeconds / 4 || reps > 1 << 24) break;
            reps *= 2;
        }
        double best = double.MaxValue;
        for (int b = 0; b < batches; b++)
        {
            sw.Restart();
            for (int i = 0; i < reps; i++) action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds / reps);
        }
        return best;
    }
}
