using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class SubleqInterpreterTests
{
    internal static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);

    [Theory]
    [InlineData(8, 200, -56)]
    [InlineData(8, -129, 127)]
    [InlineData(8, 127, 127)]
    [InlineData(4, 8, -8)]
    [InlineData(16, 65536 + 5, 5)]
    public void WrapIsTwosComplement(int bits, long value, long expected) =>
        Assert.Equal(expected, TwosComplement.Wrap(value, bits));

    [Theory]
    [InlineData("add.subleq", 2, new long[] { -1, 0, 25, -15, -25 })]
    [InlineData("add-overflow.subleq", 2, new long[] { -1, 0, 100, -56, -100 })]
    [InlineData("copy.subleq", 4, new long[] { -1, 0, -13, -13, 0 })]
    [InlineData("multiply.subleq", 26, new long[] { -1, 0, 63, 0, -7, 1 })]
    [InlineData("sum.subleq", 499, new long[] { -1, 0, 0, 5050, -1, 1 })]
    [InlineData("factorial.subleq", 68, new long[] { -1, 0, 5040, -5040, 0, 0, -2, -1, 0, 1 })]
    [InlineData("reverse-list.subleq", 24, new long[] { -1, 0, 1, 2, 3, -4, -5, -6, -7, 0, 0 })]
    public void ExamplesReachTheGoldenResults(string file, long steps, long[] memory)
    {
        var run = SubleqMachine.Execute(SubleqSource.Load(Example(file)), 1_000_000);
        Assert.True(run.Halted);
        Assert.Equal(memory, run.Final.Memory.ToArray());
        // looped.md §4.2 counts the EOF's own execution as well; we count instructions executed before EOF.
        Assert.Equal(steps, run.Final.Steps);
    }

    [Fact]
    public void LinearSearchFindsTheTargetAtIndexSix()
    {
        var program = SubleqSource.Load(Example("linear-search.subleq"));
        var run = SubleqMachine.Execute(program, 100_000);
        Assert.True(run.Halted);
        int flag = program.CellNames.Single(kv => kv.Value == "flag").Key, idx = program.CellNames.Single(kv => kv.Value == "idx").Key;
        Assert.Equal(0, run.Final.Memory[flag]);
        Assert.Equal(6, run.Final.Memory[idx]);
    }

    [Fact]
    public void SumToOneThousandIsExactIn20Bits()
    {
        var text = File.ReadAllText(Example("sum.subleq")).Replace("bits 16", "bits 20").Replace("cell k = 100", "cell k = 1000");
        var run = SubleqMachine.Execute(SubleqSource.Parse(text), 100_000);
        Assert.Equal(500500, run.Final.Memory[3]);
        Assert.Equal(4999, run.Final.Steps);
    }

    [Fact]
    public void BranchIsTakenOnZeroAndNegativeButNotPositive()
    {
        // mem: [-1, 0, 5, 5, 3]; 0: mem[3] -= mem[2] -> 0 -> jump to 2; 1: never; 2: mem[4] -= mem[1] -> 3 > 0 -> next; 3: EOF
        var program = new SubleqProgram(8, [-1, 0, 5, 5, 3], [new(2, 3, 2), new(1, 0, 3), new(1, 4, 0), new(1, 0, 3)]);
        var m = new SubleqMachine(program);
        m.Step();
        Assert.Equal(2, m.Pc);
        m.Step();
        Assert.Equal(3, m.Pc);
        Assert.True(m.Halted);
        Assert.Equal(new long[] { -1, 0, 5, 0, 3 }, m.Memory.ToArray());
    }

    [Fact]
    public void MaxStepsStopsANonHaltingRunWithoutHalting()
    {
        var program = new SubleqProgram(8, [0, -1], [new(0, 0, 0), new(0, 1, 1)]);
        var run = SubleqMachine.Execute(program, 1000);
        Assert.False(run.Halted);
        Assert.Equal(1000, run.Final.Steps);
    }

    [Fact]
    public void ProgramValidationRefusesBadPrograms()
    {
        Assert.Throws<UserError>(() => new SubleqProgram(8, [128], [new(0, 0, 0)]));
        Assert.Throws<UserError>(() => new SubleqProgram(8, [0], [new(0, 1, 0)]));
        Assert.Throws<UserError>(() => new SubleqProgram(8, [0], [new(0, 0, 2), new(0, 0, 1)]));
        Assert.Throws<UserError>(() => new SubleqProgram(8, [0], [new(0, 0, 0), new(0, 0, 0)]));
        Assert.Throws<UserError>(() => new SubleqProgram(1, [0], [new(0, 0, 0)]));
    }

    [Fact]
    public void ClassicSubleqRunsSelfModifyingUnifiedMemory()
    {
        // 0: mem[9] -= mem[10] (7 - 3 = 4 > 0) -> pc 3; 3: mem[5] -= mem[5] -> 0, jump to mem[5]'s slot value... -> c = -1 halts
        long[] memory = [10, 9, 3, 5, 5, -1, 0, 0, 0, 7, 3];
        var m = new ClassicSubleq(8, memory);
        Assert.True(m.Run(100));
        Assert.Equal(4, m.Memory[9]);
        Assert.Equal(0, m.Memory[5]);
        Assert.Equal(2, m.Steps);
        Assert.True(m.Pc < 0);
    }
}
