using Glassbox.Rasp;
using Glassbox.Rasp.Script;

namespace Glassbox.Tests.Rasp.Script;

public class PrinterTests
{
    [Fact]
    public void SequencesPrintLikeRasp01()
    {
        Assert.Equal("[0, 1, 2] (ints)", Printer.Sequence([0, 1, 2]));
        Assert.Equal("[5]*3 (ints)", Printer.Sequence([5, 5, 5]));
        Assert.Equal("[5] (ints)", Printer.Sequence([5]));
        Assert.Equal("[0, 0.333, 0.667, 2.0] (floats)", Printer.Sequence([0, 1.0 / 3, 2.0 / 3, 2.0]));
        Assert.Equal("[T, F] (bools)", Printer.Sequence([true, false]));
        Assert.Equal("[a, b c] (strings)", Printer.Sequence(["a", "b c"]));
        Assert.Equal("[1.235, 0.0] (floats)", Printer.Sequence([1.23456, 0.0004]));
    }

    [Fact]
    public void MixedTypesBreakTheOneTypeRule()
    {
        Assert.Throws<RaspError>(() => Printer.Sequence(["a", 1]));
        Assert.Throws<RaspError>(() => Printer.Sequence([true, 1]));
        Assert.Equal("floats", Printer.TypeWord([1, 2.5]));
    }

    [Fact]
    public void MatrixPutsKeysInColumns()
    {
        var m = new bool[2, 2] { { true, false }, { true, true } };
        Assert.Equal([" \t\t\t     a b", " \t\t\t a | 1  ", " \t\t\t b | 1 1"], Printer.Matrix(["a", "b"], m).ToList());
    }

    [Fact]
    public void UndefinedNamesSuggestACloseOne()
    {
        var (lines, _) = ScriptHarness.Run("lenght;\nindeces;\nzzzz;");
        Assert.Contains(lines, l => l.EndsWith("Undefined variable: lenght (did you mean length?)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Undefined variable: indeces (did you mean indices?)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Undefined variable: zzzz", StringComparison.Ordinal));
    }
}
