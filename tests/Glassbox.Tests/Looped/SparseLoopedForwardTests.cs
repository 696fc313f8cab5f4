using System.Numerics;
using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class SparseLoopedForwardTests
{
    private static (EngineLoopedForward<T> Dense, SparseLoopedForward<T> Sparse, SubleqLayout Layout) Paths<T>(SubleqProgram program)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = SubleqLayout.For(program);
        var layers = SubleqConstruction.Build(layout);
        return (new EngineLoopedForward<T>(layers, layout.Width, layout.Columns, null),
            new SparseLoopedForward<T>(layers, layout.Width, layout.Columns), layout);
    }

    [Fact]
    public void StaysBitIdenticalToTheEngineWhenXIsChangedBetweenLoops()
    {
        // The sparse path reuses last loop's columns; X edited from outside (also into non-codes, which sends heads to
        // the score-every-key fallback) must still give exactly the engine's X after every loop.
        double[] values = [-1, 0, 1, 0.5, -0.5, 2];
        for (var seed = 0; seed < 12; seed++)
        {
            var random = new Random(seed);
            var program = RandomSubleq.Generate(30_000 + seed, 4 + seed % 9, 3 + seed % 11, 4 + seed % 9);
            var (dense, sparse, layout) = Paths<double>(program);
            var a = PunchCard.Encode<double>(program);
            var b = a.ToArray();
            for (var loop = 0; loop < 16; loop++)
            {
                if (loop % 3 == 2)
                {
                    var at = random.Next(a.Length);
                    var value = values[random.Next(values.Length)];
                    a[at] = b[at] = value;
                }
                dense.Loop(a);
                sparse.Loop(b);
                Assert.True(a.AsSpan().SequenceEqual(b), $"seed {seed}, loop {loop}: {FirstDifference(layout, a, b)}");
            }
        }
    }

    private static string FirstDifference(SubleqLayout layout, double[] a, double[] b)
    {
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return $"column {i / layout.Width}, row {layout.RowLabel(i % layout.Width)}: engine {a[i]}, sparse {b[i]}";
        return "none";
    }

    [Fact]
    public void RecomputesOnlyTheColumnsAStepTouches()
    {
        // 1,024 memory words (n = 1,089): after the first loop a step recomputes the scratch column and the memory
        // columns it reads or writes, a handful per layer, not n; and X stays the interpreter's state.
        var program = LoopedFigures.EndlessProgram(LoopedFigures.Shapes[1], 7);
        var (_, sparse, layout) = Paths<float>(program);
        Assert.Equal(1089, layout.Columns);
        var x = PunchCard.Encode<float>(program);
        var machine = new SubleqMachine(program);
        sparse.Loop(x);
        machine.Step();
        Assert.Equal(3 * layout.Columns, sparse.RecomputedColumns);
        var worst = 0;
        for (var step = 2; step <= 300; step++)
        {
            sparse.Loop(x);
            machine.Step();
            worst = Math.Max(worst, sparse.RecomputedColumns);
            Assert.True(PunchCard.Decode<float>(layout, x, step).SameMachineState(machine.Snapshot()), $"step {step}");
        }
        Assert.InRange(worst, 3, 12);
    }

    [Fact]
    public void BenchmarkShapesHaveTheSizesTheIssueAsksFor()
    {
        Assert.Equal(32, LoopedFigures.Shapes[0].Layout.Columns);
        Assert.Equal(8, LoopedFigures.Shapes[0].Layout.Bits);
        Assert.Equal(1024, LoopedFigures.Shapes[1].MemoryWords);
        Assert.Equal(4096, LoopedFigures.Shapes[2].MemoryWords);
        foreach (var shape in LoopedFigures.Shapes)
        {
            // The endless variant never reaches EOF, so every timed loop runs a real instruction.
            var machine = new SubleqMachine(LoopedFigures.EndlessProgram(shape, 7));
            for (var i = 0; i < 20_000; i++)
            {
                machine.Step();
                Assert.False(machine.Halted);
            }
        }
    }

    [Fact]
    public void LongRunOfMoreThanOneHundredThousandInstructionsStaysExact()
    {
        // sum 1..20001 in 32 bits: 100,004 loops of the looped transformer (sparse path, float64). X is decoded and
        // compared with the interpreter every 1,000 loops and at the end, where every entry must lie in {-1, 0, 1}.
        var program = SubleqSource.Load(SubleqInterpreterTests.Example("sum-long.subleq"));
        var (_, sparse, layout) = Paths<double>(program);
        var x = PunchCard.Encode<double>(program);
        var machine = new SubleqMachine(program);
        while (!machine.Halted)
        {
            machine.Step();
            sparse.Loop(x);
            if (machine.Steps % 1000 == 0 || machine.Halted)
                Assert.True(PunchCard.Decode<double>(layout, x, machine.Steps).SameMachineState(machine.Snapshot()), $"step {machine.Steps}");
        }
        Assert.Equal(100_004, machine.Steps);
        Assert.Equal(200_030_001, machine.Memory[program.CellNames.Single(c => c.Value == "acc").Key]);
        Assert.Equal(0, PunchCard.MaxDistanceFromTernary<double>(x));
    }
}
