using System.Numerics;
using Glassbox.Looped;

namespace Glassbox.Tests.Looped;

public class LoopedSubleqTests
{
    internal static readonly string[] Examples =
        ["add.subleq", "add-overflow.subleq", "copy.subleq", "multiply.subleq", "sum.subleq", "factorial.subleq", "reverse-list.subleq", "linear-search.subleq"];

    private static LoopDivergence? Lockstep<T>(SubleqProgram program, Func<SubleqLayout, ILoopedForward<T>> forward, long maxSteps = 100_000)
        where T : IFloatingPointIeee754<T>
    {
        var lay = SubleqLayout.For(program);
        var computer = new LoopedSubleq<T>(program, forward(lay));
        return computer.RunLockstep(maxSteps, 1e-6);
    }

    private static ILoopedForward<T> Sparse<T>(SubleqLayout lay) where T : IFloatingPointIeee754<T> =>
        new SparseLoopedForward<T>(SubleqConstruction.Build(lay), lay.Width, lay.Columns);

    private static ILoopedForward<T> Dense<T>(SubleqLayout lay, double? lambda) where T : IFloatingPointIeee754<T> =>
        new DenseReferenceForward<T>(SubleqConstruction.Build(lay), lay.Width, lay.Columns, lambda);

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void SparsePathRunsEveryExampleInLockstep(string file)
    {
        var program = SubleqSource.Load(SubleqInterpreterTests.Example(file));
        Assert.Null(Lockstep<double>(program, Sparse<double>));
        Assert.Null(Lockstep<float>(program, Sparse<float>));
    }

    public static TheoryData<string> ExampleNames() => new(Examples);

    [Theory]
    [InlineData("add.subleq")]
    [InlineData("multiply.subleq")]
    [InlineData("copy.subleq")]
    public void DenseHardAndSoftmaxMatchTheInterpreter(string file)
    {
        var program = SubleqSource.Load(SubleqInterpreterTests.Example(file));
        Assert.Null(Lockstep<double>(program, l => Dense<double>(l, null)));
        Assert.Null(Lockstep<float>(program, l => Dense<float>(l, null)));
        Assert.Null(Lockstep<double>(program, l => Dense<double>(l, 10)));
        Assert.Null(Lockstep<float>(program, l => Dense<float>(l, 10)));
    }
}
