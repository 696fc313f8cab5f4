using Glassbox.Compiler;
using Glassbox.Rasp;
using R = Glassbox.Rasp.Rasp;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Compiler.CompilerTestKit;

namespace Glassbox.Tests.Compiler;

public class BeyondTracrTests
{
    private static readonly IReadOnlyList<Value> V123 = Vocab(1, 2, 3);

    private static SOp Ones => R.Numerical(R.Map(ElementFunction.Custom("1", _ => 1), R.Tokens));

    [Fact]
    public void ConjunctionOverDifferentSOpsIsOneHead()
    {
        // How many earlier-or-equal positions hold the same token: tokens == tokens AND indices <= indices.
        var sel = R.SelectorAnd(R.Select(R.Tokens, R.Tokens, Comparison.Eq), R.Select(R.Indices, R.Indices, Comparison.Leq));
        var c = Compile(R.SelectorWidth(sel).Named("seen"), V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        Assert.Equal(1, Diagnostics.Stats(c).TotalHeads);
        Assert.Equal(1, c.Model.LayerCount);
    }

    [Fact]
    public void OrAndNotOverOneKeyQueryPairAreOneHead()
    {
        var lessOrEqual = R.SelectorOr(R.Select(R.Tokens, R.Tokens, Comparison.Lt), R.Select(R.Tokens, R.Tokens, Comparison.Eq));
        var notLess = R.SelectorNot(R.Select(R.Tokens, R.Tokens, Comparison.Lt));
        var both = R.SelectorAnd(lessOrEqual, notLess); // == tokens equal
        var c = Compile(R.Numerical(R.Aggregate(both, Ones, 0)).Named("frac"), V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        Assert.Equal(1, Diagnostics.Stats(c).TotalHeads);
    }

    [Fact]
    public void OrAcrossDifferentSOpsReadsATupleOfThem()
    {
        // Tracr #4's workaround done by the compiler: one MLP builds the (tokens, indices) tuple, one head scores it.
        var sel = R.SelectorOr(R.Select(R.Tokens, R.Tokens, Comparison.Eq), R.Select(R.Indices, R.Indices, Comparison.Eq)).Named("either");
        var c = Compile(R.SelectorWidth(sel).Named("w"), V123, 4);
        AssertExact(c, VerifyExhaustive(c));
        Assert.Equal(1, Diagnostics.Stats(c).TotalHeads);
        Assert.Contains(c.Model.ResidualLabels, l => l.StartsWith("w_attn_tokens_indices:", StringComparison.Ordinal));
    }

    [Fact]
    public void OrAcrossDifferentSOpsIsRefusedWhenTheTupleIsTooLarge()
    {
        var sel = R.SelectorOr(R.Select(R.Tokens, R.Tokens, Comparison.Eq), R.Select(R.Indices, R.Indices, Comparison.Eq)).Named("either");
        var vocab = Enumerable.Range(0, 100).Select(i => (Value)i).ToList();
        var e = Assert.ThrowsAny<UserError>(() => Compile(R.SelectorWidth(sel).Named("w"), vocab, 50));
        Assert.Contains("either", e.Message);
        Assert.Contains("conjunction", e.Message);
    }

    [Fact]
    public void CategoricalAggregateWithDefaultStaysCleanAtBos()
    {
        // shift by one with default 0, then used as a selector key (BOS must not match key 0).
        var shifted = R.Aggregate(R.Select(R.Indices, R.Indices, Predicate.Custom("q == k + 1", (k, q) => ValueOps.PyEquals(q, ValueOps.Add(k, 1)))), R.Tokens, 0).Named("prev");
        var c = Compile(R.SelectorWidth(R.Select(shifted, R.Tokens, Comparison.Eq)).Named("matches_prev"), V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        var direct = Compile(shifted, V123, 4);
        Assert.Equal(new Value[] { 0, 3, 1 }, Run(direct, 3, 1, 2));
    }

    [Fact]
    public void NumericalAggregateOfAnyFiniteValuesThenNumericalMap()
    {
        var vals = R.Numerical(R.Map(ElementFunction.Custom("2x - 3", x => 2 * x.AsLong() - 3), R.Tokens)).Named("vals");
        var mean = R.Numerical(R.Aggregate(R.Select(R.Indices, R.Indices, Comparison.Leq), vals, 0)).Named("mean");
        var positive = R.Map(ElementFunction.Custom("x > 0", x => x.AsDouble() > 0), mean).Named("positive");
        var c = Compile(positive, V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        var m = Compile(mean, V123, 5);
        AssertExact(m, VerifyExhaustive(m));
    }

    [Fact]
    public void UndefinedPositionsDecodeAsNone()
    {
        var c = Compile(TracrLibrary.ShiftBy(2, R.Tokens), V123, 5);
        Assert.Equal(new[] { Value.None, Value.None, 3 }, Run(c, 3, 1, 2));
        var d = Compile(TracrLibrary.DetectPattern(R.Tokens, Vocab(1, 2)), V123, 5);
        Assert.Equal(new Value[] { Value.None, true, false, true }, Run(d, 1, 2, 1, 2));
    }

    [Fact]
    public void MapChainsFuseIntoOneMlp()
    {
        var x = R.Map(ElementFunction.Custom("x + 1", v => v.AsLong() + 1), R.Tokens);
        var y = R.Map(ElementFunction.Custom("x * 3", v => v.AsLong() * 3), x);
        var z = R.SequenceMap(SequenceFunction.Custom("x - y", (a, b) => a.AsLong() - b.AsLong()), y, R.Indices);
        var w = R.Map(ElementFunction.Custom("x % 4", v => ((v.AsLong() % 4) + 4) % 4), z).Named("w");
        var c = Compile(w, V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        Assert.Equal(1, c.Model.LayerCount);
        Assert.Equal(0, Diagnostics.Stats(c).TotalHeads);
        Assert.DoesNotContain(c.Model.ResidualLabels, l => l.StartsWith("map_", StringComparison.Ordinal));
    }

    [Fact]
    public void ReverseNeedsTwoLayers()
    {
        var c = Compile(TracrLibrary.MakeReverse(R.Tokens), V123, 5);
        AssertExact(c, VerifyExhaustive(c));
        Assert.Equal(2, c.Model.LayerCount);
    }

    [Fact]
    public void OnlyReadDirectionsAreKept()
    {
        var c = Compile(TracrLibrary.MakeFracPrevs(R.Tokens.Eq(1)), V123, 5);
        Assert.Contains("tokens:1", c.Model.ResidualLabels);
        Assert.DoesNotContain("tokens:2", c.Model.ResidualLabels);
        Assert.DoesNotContain(c.Model.ResidualLabels, l => l.Contains("pad", StringComparison.Ordinal));
        var length = Compile(TracrLibrary.MakeLength(), V123, 5);
        Assert.DoesNotContain(length.Model.ResidualLabels, l => l.StartsWith("tokens:", StringComparison.Ordinal) || l.StartsWith("indices:", StringComparison.Ordinal));
    }

    [Fact]
    public void CausalCompilationMatchesTheCausalEvaluator()
    {
        // Tracr #19: causal reverse silently differs; here it equals the causal evaluator (every position sees only its prefix).
        var c = Compile(TracrLibrary.MakeReverse(R.Tokens), V123, 5, causal: true);
        AssertExact(c, VerifyExhaustive(c));
        var expected = new RaspEvaluator(AggregateSemantics.Tracr, causal: true).Evaluate(c.Program, Vocab(1, 2, 3));
        Assert.Equal(expected, Run(c, 1, 2, 3));
        var width = Compile(TracrLibrary.MakeLength(), V123, 5, causal: true);
        Assert.Equal(new Value[] { 1, 2, 3, 4 }, Run(width, 3, 3, 1, 2));
    }

    [Fact]
    public void SelectorWidthIsExactAtLongLengths()
    {
        // Tracr #7: length on 11 tokens at max_seq_len 12 gives 10 in Tracr.
        var c = Compile(TracrLibrary.MakeLength(), V123, 12);
        Assert.Equal(Enumerable.Repeat((Value)11, 11), Run(c, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2));
        var longer = Compile(TracrLibrary.MakeHist(), V123, 40);
        AssertExact(longer, VerifyRandom(longer, 200));
        var numerical = Compile(R.Numerical(TracrLibrary.MakeLength()), V123, 30);
        AssertExact(numerical, VerifyRandom(numerical, 100));
    }

    [Fact]
    public void NumericalMapAfterMeanIsExactAtLength12()
    {
        // Tracr's incomplete value set: numerical(Map(x > 0.5, frac_prevs)) is wrong there at N = 12.
        var frac = TracrLibrary.MakeFracPrevs(R.Tokens.Eq(1));
        var c = Compile(R.Numerical(R.Map(ElementFunction.Custom("x > 0.5", x => x.AsDouble() > 0.5), frac)), Vocab(1, 2), 12);
        Assert.Equal(new Value[] { true, true, true, true, true, false, false, false, true, true, true, true }.Select(v => (Value)(v.AsBool() ? 1.0 : 0.0)),
            Run(c, 1, 1, 2, 1, 2, 2, 2, 1, 1, 1, 2, 1).Select(v => (Value)v.AsDouble()));
        AssertExact(c, VerifyRandom(c, 300));
    }

    [Fact]
    public void CategoricalToNumericalMapKeepsNegatives()
    {
        var c = Compile(R.Numerical(R.Map(ElementFunction.Custom("x - 2", x => x.AsLong() - 2), R.Tokens)), V123, 3);
        Assert.Equal(new[] { -1.0, 0.0, 1.0 }, Run(c, 1, 2, 3).Select(v => Math.Round(v.AsDouble(), 9)));
    }

    [Fact]
    public void TwoSelectorWidthsInOneLayerDoNotInterfere()
    {
        // Tracr's shared BOS clean-up: numerical(Aggregate(Select(hist, length, k == 0), ones, 0)) gives [1,1,1] instead of [0,0,0].
        var sel = R.Select(TracrLibrary.MakeHist(), TracrLibrary.MakeLength(), Predicate.Custom("k == 0", (k, _) => ValueOps.PyEquals(k, 0)));
        var c = Compile(R.Numerical(R.Aggregate(sel, Ones, 0)).Named("probe"), V123, 5);
        Assert.Equal(2, c.Model.Layers[0].Heads.Count);
        Assert.All(Run(c, 1, 2, 3), v => Assert.Equal(0.0, v.AsDouble(), 9));
        AssertExact(c, VerifyExhaustive(c));
    }

    [Fact]
    public void SequencesOfDifferentLengthsInOneBatchDoNotSeeEachOther()
    {
        // Tracr does not mask padding: a mean over Select(indices, indices, TRUE) of [1,2,1] padded to 5 gives 0.4.
        var mean = R.Numerical(R.Aggregate(R.Select(R.Indices, R.Indices, Comparison.True), R.Numerical(R.Tokens.Eq(1)), 0));
        var c = Compile(mean, V123, 5);
        var engine = EngineModel.Build(c.Model);
        var outs = EngineModel.Run(c.Model, engine, new[] { Vocab(1, 2, 1), Vocab(2, 2, 2, 2, 2), Vocab(1) });
        Assert.All(outs[0], v => Assert.Equal(2.0 / 3, v.AsDouble(), 9));
        Assert.All(outs[1], v => Assert.Equal(0.0, v.AsDouble(), 9));
        Assert.Equal(1.0, outs[2][0].AsDouble(), 9);
    }
}
