using Glassbox.Looped.Fleq;

namespace Glassbox.Tests.Looped;

public class LoopedFleqTests
{
    private static FleqProgram Example(string name, params (string From, string To)[] edits)
    {
        var text = File.ReadAllText(SubleqInterpreterTests.Example(name));
        foreach (var (from, to) in edits) text = text.Replace(from, to);
        return FleqSource.Parse(text, name);
    }

    /// <summary>Runs in lockstep with the exact interpreter; after every loop all scratch rows must be exactly 0 again.</summary>
    private static LoopedFleq Lockstep(FleqProgram program, double tolerance = 1e-6)
    {
        var computer = new LoopedFleq(program);
        var lay = computer.Layout;
        var divergence = computer.RunLockstep(new ExactFleqArithmetic(), 10_000, tolerance, (machine, _) =>
        {
            var x = computer.X;
            var d = computer.Weights.Width;
            for (var j = 0; j < lay.Columns; j++)
                for (var r = lay.Si; r < d; r++)
                    if (r < lay.Pc || r >= lay.Pos + lay.AddressBits)
                        Assert.True(x[j * d + r] == 0, $"step {machine.Steps}: column {j}, row {r} is {x[j * d + r]}");
        });
        Assert.True(divergence is null, divergence?.ToString());
        Assert.True(computer.Halted);
        return computer;
    }

    private static double Error(LoopedFleq computer, FleqProgram program, string cell)
    {
        var exact = FleqMachine.Run(program, new ExactFleqArithmetic(), 10_000);
        var i = program.Names.IndexOf(cell);
        return computer.Memory[i].MaxAbsDifference(exact.Memory[i]);
    }

    [Fact]
    public void CalculatorRunsInLockstepWithinStatedBounds()
    {
        var program = Example("calculator.fleq");
        var computer = Lockstep(program);
        Assert.Equal(6, computer.Steps);
        Assert.Equal(4.75, computer.Memory[program.Names.IndexOf("s")].Test);       // sums are exact
        foreach (var cell in new[] { "p", "q", "r", "diff" })
            Assert.True(Error(computer, program, cell) < 1e-7, cell);
    }

    [Fact]
    public void MatrixProductAndExactTranspose()
    {
        var program = Example("matrix.fleq");
        var computer = Lockstep(program);
        Assert.True(Error(computer, program, "C") < 1e-8);
        var c = computer.Memory[program.Names.IndexOf("C")];
        var d = computer.Memory[program.Names.IndexOf("D")];
        Assert.Equal(c[0, 1], d[1, 0]);
        Assert.Equal(c[1, 0], d[0, 1]);
    }

    [Fact]
    public void NewtonInverseOfA3x3IsWithin1e4()
    {
        // Eight Newton–Schulz steps from X0 = Aᵀ/36 (the example does twelve): 27 loops.
        var program = Example("newton-inverse.fleq", ("scalar k = 12", "scalar k = 8"));
        var computer = Lockstep(program);
        FleqTests.AssertInverseOfExampleA(computer.Memory[program.Names.IndexOf("X")], 1e-4);
    }

    [Fact]
    public void PowerIterationStepsStayWithin1e7()
    {
        var program = Example("power-iteration.fleq", ("scalar k = 30", "scalar k = 3"));
        var computer = Lockstep(program);
        Assert.True(Error(computer, program, "v") < 1e-7);
        Assert.True(Error(computer, program, "lambda") < 1e-6);
    }

    [Theory]
    [InlineData(0.001, 7.0)]
    [InlineData(-250.0, 0.03125)]
    [InlineData(1000.0, 1000.0)]
    public void DivisionAndSquareRootHoldAtTheEdgesOfTheirDomains(double x, double y)
    {
        var program = FleqSource.Parse($"scalar x = {x}\nscalar y = {y}\nscalar q = 0\nscalar r = 0\nscalar ax = {Math.Abs(x)}\nq = div(x, y)\nr = sqrt(ax)\n");
        var computer = Lockstep(program);
        var q = computer.Memory[program.Names.IndexOf("q")].Test;
        var r = computer.Memory[program.Names.IndexOf("r")].Test;
        Assert.True(Math.Abs(q - x / y) <= 1e-6 * Math.Max(1, Math.Abs(x / y)), $"{x}/{y} = {q}");
        Assert.True(Math.Abs(r - Math.Sqrt(Math.Abs(x))) <= 1e-6 * Math.Max(1, Math.Sqrt(Math.Abs(x))), $"√{x} = {r}");
    }

    [Fact]
    public void BranchesTestTheNewValueWhenTheFlagCellIsTheResult()
    {
        // k counts down 3, 2, 1, 0: the branch reads the k just written; 'goto' and 'halt' are jumps on the constants.
        var program = FleqSource.Parse("scalar k = 3\nscalar one = 1\nscalar n = 0\nloop: k = sub(k, one) if k <= 0 goto done\nn = add(n, one)\ngoto loop\ndone: halt\n");
        var computer = Lockstep(program, 0);
        Assert.Equal(2, computer.Memory[program.Names.IndexOf("n")].Test);
        Assert.Equal(0, computer.Memory[program.Names.IndexOf("k")].Test);
    }

    [Fact]
    public void WeightsDependOnlyOnTheLayoutNotOnTheProgram()
    {
        var a = new LoopedFleq(FleqSource.Parse("scalar x = 2\nscalar y = 3\nx = mul(x, y)\nhalt\n"));
        var b = new LoopedFleq(FleqSource.Parse("scalar u = -7\nscalar v = 0.5\nv = div(u, v) if u <= 0 goto end\nend: halt\n"));
        Assert.Equal(a.Layout.AddressBits, b.Layout.AddressBits);
        Assert.Equal(a.Weights.Width, b.Weights.Width);
        Assert.Equal(a.Weights.Layers.Length, b.Weights.Layers.Length);
        for (var l = 0; l < a.Weights.Layers.Length; l++)
        {
            Assert.Equal(a.Weights.Layers[l].NonZeros, b.Weights.Layers[l].NonZeros);
            Assert.Equal(a.Weights.Layers[l].Hidden, b.Weights.Layers[l].Hidden);
        }
    }

    [Theory]
    [InlineData("matrix m 2 2 = 1 2 3 4\nscalar s = 1\nm = add(m, s)\n", "equal shapes only")]
    [InlineData("matrix m 2 3 = 1 2 3 4 5 6\nm = transpose(m)\n", "keeps each cell's declared shape")]
    [InlineData("scalar s = 5000000\ns = add(s, s)\n", "within ±")]
    [InlineData("matrix m 5 1\nm = add(m, m)\n", "up to 4×4")]
    public void ProgramsTheLoopedComputerCannotRunAreUserErrors(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<UserError>(() => new LoopedFleq(FleqSource.Parse(text))).Message);
}
