using Glassbox.Compiler;
using Glassbox.Rasp;
using R = Glassbox.Rasp.Rasp;
using static Glassbox.Tests.Compiler.CompilerTestKit;

namespace Glassbox.Tests.Compiler;

public class TracrIssueTests
{
    [Fact]
    public void Issue25IsRefusedWhenTokensRepeatAndExactWhenKeysAreUnique()
    {
        // Tracr compiles this silently wrong ([2,3,0,1] for RASP [2,3,None,None]). With repeated tokens the inner
        // aggregate can select several different indices, so it is refused by name.
        var next = R.Select(R.Tokens, R.Tokens, Predicate.Custom("k == q + 1", (k, q) => ValueOps.PyEquals(k, ValueOps.Add(q, 1)))).Named("next");
        var program = R.Aggregate(next, R.Aggregate(next, R.Indices).Named("inner")).Named("outer");
        var e = Assert.ThrowsAny<UserError>(() => Compile(program, Vocab(1, 2, 3, 4), 4));
        Assert.Contains("'inner'", e.Message);

        // The same None flow with a selector that is functional for every input compiles exactly, None included.
        var nextIndex = R.Select(R.Indices, R.Indices, Predicate.Custom("k == q + 1", (k, q) => ValueOps.PyEquals(k, ValueOps.Add(q, 1)))).Named("next_index");
        var chained = R.Aggregate(nextIndex, R.Aggregate(nextIndex, R.Indices).Named("inner")).Named("outer");
        var c = Compile(chained, Vocab(1, 2, 3, 4), 4);
        Assert.Equal(new Value[] { 2, 3, Value.None, Value.None }, Run(c, 1, 2, 3, 4));
        AssertExact(c, VerifyExhaustive(c));
    }

    [Fact]
    public void Issue11CategoricalMeanOfDifferentValuesIsRefused()
    {
        var scaled = R.SequenceMap(SequenceFunction.Custom("x * (y + 1)", (x, i) => x.AsLong() * (i.AsLong() + 1)), R.Tokens, R.Indices).Named("scaled");
        var program = R.Aggregate(R.Select(R.Indices, R.Indices, Comparison.Leq), scaled).Named("mean_scaled");
        var e = Assert.ThrowsAny<UserError>(() => Compile(program, Vocab(1, 2, 3), 5));
        Assert.Contains("mean_scaled", e.Message);
        Assert.Contains("at most one value", e.Message);
    }

    [Fact]
    public void Issue7LengthIsExactForEveryWidth()
    {
        var c = Compile(Glassbox.Rasp.Library.TracrLibrary.MakeLength(), Vocab(1), 64);
        var engine = EngineModel.Build(c.Model);
        var inputs = Enumerable.Range(1, 64).Select(n => (IReadOnlyList<Value>)Enumerable.Repeat((Value)1, n).ToList()).ToList();
        var outs = EngineModel.Run(c.Model, engine, inputs);
        for (var n = 1; n <= 64; n++) Assert.All(outs[n - 1], v => Assert.Equal((Value)n, v));
    }

    [Fact]
    public void NumericalKeysAndNonNumericMeansAreRefusedByName()
    {
        var frac = Glassbox.Rasp.Library.TracrLibrary.MakeFracPrevs(R.Tokens.Eq(1));
        var e = Assert.ThrowsAny<UserError>(() => Compile(R.SelectorWidth(R.Select(frac, frac, Comparison.Eq)).Named("w"), Vocab(1, 2), 4));
        Assert.Contains("frac_prevs", e.Message);
        Assert.Contains("categorical", e.Message);
        var strings = R.Numerical(R.Aggregate(R.Select(R.Indices, R.Indices, Comparison.Leq), R.Tokens, 0)).Named("avg");
        var e2 = Assert.ThrowsAny<UserError>(() => Compile(strings, Vocab("a", "b"), 3));
        Assert.Contains("avg", e2.Message);
        Assert.Contains("mean needs numbers", e2.Message);
    }

    [Fact]
    public void NumericalNoneIsRefused()
    {
        var shifted = R.Numerical(R.Aggregate(R.Select(R.Indices, R.Indices, Predicate.Custom("q == k + 1", (k, q) => ValueOps.PyEquals(q, ValueOps.Add(k, 1)))),
            R.Numerical(R.Tokens.Eq(1)), Value.None)).Named("prev_is_one");
        var e = Assert.ThrowsAny<UserError>(() => Compile(shifted, Vocab(1, 2), 3));
        Assert.Contains("prev_is_one", e.Message);
        Assert.Contains("None", e.Message);
    }
}
