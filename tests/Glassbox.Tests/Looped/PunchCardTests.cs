using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class PunchCardTests
{
    [Fact]
    public void LayoutMatchesTheStatedWidth()
    {
        var lay = new SubleqLayout(8, 23, 8);       // n = 32, L = 5
        Assert.Equal(32, lay.Columns);
        Assert.Equal(5, lay.AddressBits);
        Assert.Equal(9 * 5 + 2 * 8 + Math.Max(15, 16) + 2, lay.Width);
        Assert.Equal("mem[0]", lay.RowLabel(lay.Mem));
        Assert.Equal("iota", lay.RowLabel(lay.Iota));
        Assert.Equal("si.c[1]", lay.RowLabel(lay.Si + 2 * 5 + 1));
    }

    [Fact]
    public void EncodeDecodeRoundTripsRandomStates()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var bits = random.Next(2, 40);
            var program = RandomSubleq.Generate(seed, random.Next(3, 40), random.Next(2, 60), Math.Max(bits, 3));
            var memory = program.Memory.Select(_ => random.NextInt64(TwosComplement.Min(program.Bits), TwosComplement.Max(program.Bits) + 1)).ToArray();
            var state = new SubleqState(random.Next(program.Instructions.Length), [.. memory], 0);
            var x = PunchCard.Encode<double>(program, state);
            var lay = SubleqLayout.For(program);
            Assert.Equal(lay.Width * lay.Columns, x.Length);
            var back = PunchCard.Decode<double>(lay, x, 0);
            Assert.True(back.SameMachineState(state), $"seed {seed}");
            for (var k = 0; k < program.Instructions.Length; k++)
                Assert.Equal(program.Instructions[k], PunchCard.DecodeInstruction<double>(lay, x, k));
            Assert.Equal(0, PunchCard.MaxDistanceFromTernary<double>(x));
            var x32 = PunchCard.Encode<float>(program, state);
            Assert.True(PunchCard.Decode<float>(lay, x32, 0).SameMachineState(state));
        }
    }

    [Fact]
    public void PositionalCodesAreDistinctAndColumnZeroIsBlank()
    {
        var program = SubleqSource.Load(SubleqInterpreterTests.Example("factorial.subleq"));
        var lay = SubleqLayout.For(program);
        var x = PunchCard.Encode<double>(program);
        var codes = new HashSet<long>();
        for (var j = 1; j < lay.Columns; j++)
            Assert.True(codes.Add(PunchCard.ReadCode<double>(x.AsSpan(j * lay.Width, lay.Width), lay.Pos, lay.AddressBits)));
        for (var r = 0; r < lay.AddressBits; r++) Assert.Equal(0.0, x[lay.Pos + r]);
        Assert.Equal(1.0, x[lay.Iota]);
        Assert.Equal(lay.InstructionColumn(0), PunchCard.ReadCode<double>(x, lay.Pc, lay.AddressBits));
    }
}
