using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class SubleqSourceTests
{
    private static string ErrorOf(string text)
    {
        var e = Assert.Throws<UserError>(() => SubleqSource.Parse(text, "p.subleq"));
        return e.Message;
    }

    [Fact]
    public void RawFormParses()
    {
        var p = SubleqSource.Parse("# add\nbits 8\nmem -1 0 25 -40 0\n2 4 1\n4 3 2  # y += x\n1 0 2\n");
        Assert.Equal(8, p.Bits);
        Assert.Equal(new long[] { -1, 0, 25, -40, 0 }, p.Memory.ToArray());
        Assert.Equal(new SubleqInstruction[] { new(2, 4, 1), new(4, 3, 2), new(1, 0, 2) }, p.Instructions.ToArray());
    }

    [Fact]
    public void AssemblyWithLabelsCellsArraysAndHaltEqualsTheRawForm()
    {
        const string asm = """
            bits 8
            cell n = 3
            cell xs[3] = 5 6
            cell one = 1
            loop: subleq one, n, end     # n -= 1
                  subleq xs[1], xs[2]
                  subleq zero, zero, loop
            end:  halt
            """;
        var p = SubleqSource.Parse(asm);
        Assert.Equal(new long[] { 3, 5, 6, 0, 1, 0, -1 }, p.Memory.ToArray());
        Assert.Equal(new SubleqInstruction[] { new(4, 0, 3), new(2, 3, 2), new(5, 5, 0), new(5, 6, 3) }, p.Instructions.ToArray());
        Assert.Equal("xs[2]", p.CellName(3));
        var again = SubleqSource.Parse(SubleqSource.ToRaw(p));
        Assert.Equal(p.Memory.ToArray(), again.Memory.ToArray());
        Assert.Equal(p.Instructions.ToArray(), again.Instructions.ToArray());
    }

    [Theory]
    [InlineData("bits 8\nmem 0 -1\n0 1 0\n", "")]
    [InlineData("mem 0\n0 0 0\n", "p.subleq:1:1: missing 'bits N'")]
    [InlineData("bits 8\nmem 0 200\n0 0 0\n", "p.subleq:2:7: value 200 does not fit 8-bit")]
    [InlineData("bits 8\nmem 0\n0 3 0\n", "p.subleq:3:3: memory address 3 is outside 0..0")]
    [InlineData("bits 8\nmem 0\n0 0 5\n", "p.subleq:3:5: jump target 5 is outside")]
    [InlineData("bits 8\ncell a\nsubleq a, b\nhalt\n", "p.subleq:3:11: unknown cell 'b'")]
    [InlineData("bits 8\ncell a\nsubleq a, a, nowhere\nhalt\n", "p.subleq:3:14: unknown label 'nowhere'")]
    [InlineData("bits 8\ncell a\nx: halt\nx: halt\n", "p.subleq:4:1: label 'x' is defined twice")]
    [InlineData("bits 8\ncell a\nsubleq a a\nhalt\n", "p.subleq:3:10: expected ',' between operands")]
    [InlineData("bits 8\ncell a\nsubleq a, a\n", "p.subleq:3:1: instruction 0 falls through past the last instruction")]
    [InlineData("bits 8\ncell xs[2]\nsubleq xs[2], xs[0]\nhalt\n", "p.subleq:3:11: index 2 is outside xs[0..1]")]
    [InlineData("bits 8\ncell a $\n", "p.subleq:2:8: unexpected character '$'")]
    [InlineData("bits 99\n", "p.subleq:1:6: bit width 99 is outside")]
    [InlineData("bits 8\nmem 0 0\n0 1 0\n0 1 0\n", "p.subleq:4:1: the last instruction must be the EOF self-loop")]
    [InlineData("bits 8\ncell zero = 3\nhalt\n", "p.subleq:2:13: 'halt' needs cell 'zero' to start at 0")]
    [InlineData("bits 8\nmem 1\nfrob 1\n", "p.subleq:3:1: unknown statement 'frob'")]
    [InlineData("bits 8\nmem 1\n0 0\n", "p.subleq:3:1: a raw instruction is three integers")]
    public void ErrorsNameLineAndColumn(string text, string expected)
    {
        if (expected.Length == 0)
        {
            SubleqSource.Parse(text, "p.subleq");
            return;
        }
        Assert.StartsWith(expected, ErrorOf(text));
    }
}
