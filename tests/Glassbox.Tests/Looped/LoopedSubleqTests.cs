using System.Numerics;
using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class LoopedSubleqTests
{
    internal static readonly string[] Examples =
        ["add.subleq", "add-overflow.subleq", "copy.subleq", "multiply.subleq", "sum.subleq", "factorial.subleq", "reverse-list.subleq", "linear-search.subleq"];

    public static TheoryData<string> ExampleNames() => new(Examples);

    private static LoopDivergence? Lockstep<T>(SubleqProgram program, double? lambda, bool sparse, long maxSteps = 100_000)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        SubleqRunner.Build<T>(program, lambda, sparse).RunLockstep(maxSteps, 1e-6);

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void EngineRunsEveryExampleInLockstepWithTheInterpreter(string file)
    {
        // Every example on the engine: hard attention in float64 and softmax (λ = 10) in float32; the sparse path in
        // both precisions. The long ones (sum: 499 loops) run once on the engine to keep the suite fast.
        var program = SubleqSource.Load(SubleqInterpreterTests.Example(file));
        Assert.Null(Lockstep<double>(program, null, false));
        if (program.Instructions.Length < 30 && file != "sum.subleq")
        {
            Assert.Null(Lockstep<float>(program, 10, false));
            Assert.Null(Lockstep<double>(program, 10, false));
        }
        Assert.Null(Lockstep<double>(program, null, true));
        Assert.Null(Lockstep<float>(program, null, true));
    }

    [Fact]
    public void ThousandsOfRandomProgramsRunInLockstepOnTheSparsePath()
    {
        // The sparse path runs the same weights and is bit-identical to the engine (next tests), so it carries the bulk.
        for (var seed = 0; seed < 1000; seed++)
        {
            var random = new Random(seed);
            var program = RandomSubleq.Generate(seed, random.Next(3, 16), random.Next(2, 24), random.Next(3, 17));
            var divergence = seed % 2 == 0 ? Lockstep<double>(program, null, true, 30) : Lockstep<float>(program, null, true, 30);
            Assert.True(divergence is null, $"seed {seed}: {divergence}");
        }
    }

    [Fact]
    public void RandomProgramsRunInLockstepOnTheEngineUnderHardAndSoftmaxAttention()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var program = RandomSubleq.Generate(10_000 + seed, 8, 12, 8 + seed % 9);
            var divergence = (seed % 4) switch
            {
                0 => Lockstep<double>(program, null, false, 15),
                1 => Lockstep<float>(program, null, false, 15),
                2 => Lockstep<double>(program, 10, false, 15),
                _ => Lockstep<float>(program, 10, false, 15),
            };
            Assert.True(divergence is null, $"seed {seed}: {divergence}");
        }
    }

    [Fact]
    public void SparsePathIsBitIdenticalToTheEngine()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var program = RandomSubleq.Generate(20_000 + seed, 3 + seed % 20, 2 + seed % 30, 4 + seed % 13);
            var dense = SubleqRunner.Build<double>(program);
            var sparse = SubleqRunner.Build<double>(program, sparse: true);
            for (var step = 0; step < 12 && !dense.Halted; step++)
            {
                dense.Step();
                sparse.Step();
                Assert.True(dense.X.SequenceEqual(sparse.X), $"seed {seed}, step {step}");
            }
        }
    }

    [Fact]
    public void WidestWordsStayExactAtTheDocumentedLimits()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            Assert.Null(Lockstep<float>(RandomSubleq.Generate(seed, 8, 24, LoopedLimits.MaxBitsFloat32), null, true, 30));
            Assert.Null(Lockstep<double>(RandomSubleq.Generate(seed, 8, 24, LoopedLimits.MaxBitsFloat64), null, true, 30));
        }
        Assert.Null(Lockstep<float>(RandomSubleq.Generate(1, 8, 24, LoopedLimits.MaxBitsFloat32), null, false, 20));
        Assert.Throws<UserError>(() => SubleqRunner.Build<float>(RandomSubleq.Generate(0, 8, 8, LoopedLimits.MaxBitsFloat32 + 1)));
        Assert.Throws<UserError>(() => SubleqRunner.Build<double>(RandomSubleq.Generate(0, 8, 8, LoopedLimits.MaxBitsFloat64 + 1)));
    }

    [Fact]
    public void LargeMemoryRunsInLockstepOnTheSparsePath()
    {
        // 1,100 memory words and 400 instructions: n = 1,501 columns, L = 11.
        var program = RandomSubleq.Generate(7, 1100, 400, 16);
        Assert.Null(Lockstep<double>(program, null, true, 25));
    }

    [Fact]
    public void WeightsDependOnlyOnAddressWidthAndWordWidth()
    {
        var a = SubleqConstruction.Build(new SubleqLayout(5, 20, 8));
        var b = SubleqConstruction.Build(new SubleqLayout(20, 5, 8));
        Assert.Equal(3, a.Length);
        for (var l = 0; l < 3; l++)
        {
            Assert.Equal(a[l].W1.Rows, b[l].W1.Rows);
            for (var r = 0; r < a[l].W1.Rows; r++) Assert.Equal(a[l].W1.Row(r), b[l].W1.Row(r));
            Assert.Equal(a[l].B1.ToArray(), b[l].B1.ToArray());
            Assert.Equal(a[l].B2.ToArray(), b[l].B2.ToArray());
        }
        Assert.Equal([1, 2, 1], a.Select(l => l.Heads.Length));
        Assert.Equal([111, 85, 153], a.Select(l => l.Hidden));     // the widths docs/looped.md states for L = 5, N = 8
    }

    [Fact]
    public void IndependentDenseEvaluationAgreesUnderSoftmax()
    {
        var program = SubleqSource.Load(SubleqInterpreterTests.Example("multiply.subleq"));
        var lay = SubleqLayout.For(program);
        var reference = new LoopedSubleq<double>(program, new DenseReferenceForward<double>(SubleqConstruction.Build(lay), lay.Width, lay.Columns, 4));
        Assert.Null(reference.RunLockstep(1000, 1e-6));
        var engine = SubleqRunner.Build<double>(program, 4);
        engine.Run(1000);
        Assert.Equal(reference.X.Length, engine.X.Length);
        for (var i = 0; i < engine.X.Length; i++) Assert.True(Math.Abs(engine.X[i] - reference.X[i]) < 1e-9, $"entry {i}");
    }
}
