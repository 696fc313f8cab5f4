using Glassbox.Looped;
using Xunit.Abstractions;
namespace Glassbox.Tests.Looped;
public class LimitsProbe(ITestOutputHelper o)
{
    [Fact]
    public void Probe()
    {
        foreach (var bits in new[] { 18, 20, 21, 22, 23, 24 })
        {
            int fails = 0;
            for (var seed = 0; seed < 200; seed++)
            {
                var p = RandomSubleq.Generate(seed, 8, 24, bits);
                var lay = SubleqLayout.For(p);
                var c = new LoopedSubleq<float>(p, new SparseLoopedForward<float>(SubleqConstruction.Build(lay), lay.Width, lay.Columns));
                if (c.RunLockstep(200, 1e-6) is not null) fails++;
            }
            o.WriteLine($"float32 N={bits}: {fails} fails");
        }
        foreach (var bits in new[] { 48, 50, 51, 52, 53 })
        {
            int fails = 0;
            for (var seed = 0; seed < 200; seed++)
            {
                var p = RandomSubleq.Generate(seed, 8, 24, bits);
                var lay = SubleqLayout.For(p);
                var c = new LoopedSubleq<double>(p, new SparseLoopedForward<double>(SubleqConstruction.Build(lay), lay.Width, lay.Columns));
                if (c.RunLockstep(200, 1e-6) is not null) fails++;
            }
            o.WriteLine($"float64 N={bits}: {fails} fails");
        }
    }
}
