using Glassbox.Looped.Fleq;

namespace Glassbox.Tests.Looped;

public class FleqTests
{
    private static (FleqProgram Program, FleqRun Engine, FleqRun Exact) Run(string text)
    {
        var program = FleqSource.Parse(text, "t.fleq");
        return (program, FleqMachine.Run(program, new TransformerFleqArithmetic(new FleqBlocks()), 10_000),
            FleqMachine.Run(program, new ExactFleqArithmetic(), 10_000));
    }

    private static FleqValue Cell(FleqProgram p, FleqRun run, string name) => run.Memory[p.Names.IndexOf(name)];

    [Fact]
    public void CalculatorMatchesExactArithmeticWithin1e7()
    {
        var (p, engine, exact) = Run(File.ReadAllText(SubleqInterpreterTests.Example("calculator.fleq")));
        Assert.True(engine.Halted);
        Assert.Equal(11.875, Cell(p, exact, "q").Test);
        foreach (var name in new[] { "s", "p", "q", "r", "diff" })
            Assert.True(Math.Abs(Cell(p, engine, name).Test - Cell(p, exact, name).Test) < 1e-7, name);
        Assert.Equal(4.75, Cell(p, engine, "s").Test);          // sums are exact
    }

    [Theory]
    [InlineData(0.001, 7.0)]
    [InlineData(-250.0, 0.03125)]
    [InlineData(1000.0, 1.0)]
    public void DivisionAndSquareRootHoldOverTheirDomain(double x, double y)
    {
        var (p, engine, _) = Run($"scalar x = {x}\nscalar y = {y}\nscalar q = 0\nscalar r = 0\nscalar ax = {Math.Abs(x)}\nq = div(x, y)\nr = sqrt(ax)\n");
        Assert.True(Math.Abs(Cell(p, engine, "q").Test - x / y) <= 1e-6 * Math.Max(1, Math.Abs(x / y)));
        Assert.True(Math.Abs(Cell(p, engine, "r").Test - Math.Sqrt(Math.Abs(x))) <= 1e-6 * Math.Max(1, Math.Sqrt(Math.Abs(x))));
    }

    [Fact]
    public void NewtonInverseOfAWellConditioned3x3IsWithin1e6()
    {
        var (p, engine, _) = Run(File.ReadAllText(SubleqInterpreterTests.Example("newton-inverse.fleq")));
        AssertInverseOfExampleA(Cell(p, engine, "X"), 1e-6);
    }

    /// <summary>Checks <paramref name="x"/> against A⁻¹ of examples/newton-inverse.fleq, entry by entry.</summary>
    internal static void AssertInverseOfExampleA(FleqValue x, double tolerance)
    {
        double[,] inverse = { { 5.0 / 18, -1.0 / 9, 1.0 / 18 }, { -1.0 / 9, 4.0 / 9, -2.0 / 9 }, { 1.0 / 18, -2.0 / 9, 11.0 / 18 } };
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                Assert.True(Math.Abs(x[i, j] - inverse[i, j]) < tolerance, $"({i},{j}) = {x[i, j]}");
    }

    [Fact]
    public void TransposeIsExactAndMatMulWithin1e8()
    {
        var (p, engine, exact) = Run(File.ReadAllText(SubleqInterpreterTests.Example("matrix.fleq")));
        Assert.True(Cell(p, engine, "C").MaxAbsDifference(Cell(p, exact, "C")) < 1e-8);
        Assert.Equal(FleqValue.Scalar(0).GetType(), Cell(p, engine, "D").GetType());
        var c = Cell(p, engine, "C");
        var d = Cell(p, engine, "D");
        Assert.Equal(c[0, 1], d[1, 0]);
        Assert.Equal(c[1, 0], d[0, 1]);
    }

    [Fact]
    public void PowerIterationFindsTheDominantEigenvector()
    {
        var text = File.ReadAllText(SubleqInterpreterTests.Example("power-iteration.fleq")).Replace("scalar k = 30", "scalar k = 4");
        var (p, engine, exact) = Run(text);
        Assert.True(Cell(p, engine, "v").MaxAbsDifference(Cell(p, exact, "v")) < 1e-7);
        Assert.True(Math.Abs(Cell(p, engine, "lambda").Test - Cell(p, exact, "lambda").Test) < 1e-6);
    }

    [Theory]
    [InlineData("scalar a = 1\na = frob(a)\n", "t.fleq:2:5: unknown function 'frob'")]
    [InlineData("scalar a = 1\na = add(a, b)\n", "t.fleq:2:12: unknown cell 'b'")]
    [InlineData("matrix m 2 2 = 1 2 3\n", "t.fleq:1:14: matrix m needs 4 values, found 3")]
    [InlineData("scalar a = 1\ngoto nowhere\n", "t.fleq:2:6: unknown label 'nowhere'")]
    [InlineData("scalar a = x\n", "t.fleq:1:12: expected a number")]
    public void ParseErrorsNameLineAndColumn(string text, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<UserError>(() => FleqSource.Parse(text, "t.fleq")).Message);
}

public class FleqCommandTests
{
    [Fact]
    public void FleqJsonReportsTheErrorAgainstExactArithmetic()
    {
        var (code, output, _) = SubleqCommandTests.Glassbox("fleq", SubleqInterpreterTests.Example("matrix.fleq"), "--json", "--engine", "blocks");
        Assert.Equal(0, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("halted").GetBoolean());
        Assert.InRange(doc.RootElement.GetProperty("max_error").GetDouble(), 0, 1e-8);
        Assert.Equal(2, doc.RootElement.GetProperty("engine_passes").GetInt64());
    }

    [Fact]
    public void TransformerTraceComparesEveryLoopWithTheInterpreter()
    {
        var (code, output, _) = SubleqCommandTests.Glassbox("fleq", SubleqInterpreterTests.Example("matrix.fleq"), "--engine", "transformer", "--trace");
        Assert.Equal(0, code);
        Assert.Contains("looped FLEQ computer: 28 layers per loop", output);
        Assert.Equal(3, output.Split('\n').Count(line => line.EndsWith("= interpreter")));
        Assert.Contains("halted after 3 instructions", output);
        var (jsonCode, json, _) = SubleqCommandTests.Glassbox("fleq", SubleqInterpreterTests.Example("calculator.fleq"), "--json");
        Assert.Equal(0, jsonCode);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal("transformer", doc.RootElement.GetProperty("engine").GetString());
        Assert.InRange(doc.RootElement.GetProperty("max_error").GetDouble(), 0, 1e-7);
        var (refused, _, error) = SubleqCommandTests.Glassbox("fleq", SubleqInterpreterTests.Example("matrix.fleq"), "--engine", "blocks", "--trace");
        Assert.Equal(1, refused);
        Assert.Contains("--engine transformer", error);
    }
}
