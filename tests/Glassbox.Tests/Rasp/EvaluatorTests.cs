namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Rasp.RaspTestData;

/// <summary>The evaluator against the RASP 0.1 REPL runs of rasp.md §4 and the semantics of rasp.md §1.8 / tracr.md §1.5.</summary>
public class EvaluatorTests
{
    private static readonly SOp Tokens = Rasp.Tokens;
    private static readonly SOp Indices = Rasp.Indices;

    [Fact]
    public void BaseSOpsAndConstants()
    {
        Assert.Equal("[h, e, y]", Show(Eval01(Tokens, Chars("hey"))));
        Assert.Equal("[0, 1, 2]", Show(Eval01(Indices, Chars("hey"))));
        Assert.Equal("[7, 7, 7]", Show(Eval01(Rasp.Full(7), Chars("hey"))));
        Assert.Empty(Eval01(Tokens + Indices, []));
    }

    [Fact]
    public void Example16_FracPrevsKeepsTheSingleSelectedIntAtPositionZero()
    {
        var sop = Rasp.Aggregate(Rasp.Select(Indices, Indices, Comparison.Leq), Rasp.Indicator(Tokens.Eq("l")), 0);
        var r = Eval01(sop, Chars("hello"));
        Assert.Equal("[0, 0.0, 0.333, 0.5, 0.4]", Show3(r));
        Assert.Equal(ValueKind.Int, r[0].Kind);
    }

    [Fact]
    public void Example17_EmptySelectionGivesTheDefault() =>
        Assert.Equal("[z, z, z]", Show(Eval01(Rasp.Aggregate(Rasp.Select(Indices, Rasp.Full(5), Comparison.Eq), Tokens, "z"), Chars("abc"))));

    [Fact]
    public void Example18_AveragingStringsIsAnError()
    {
        var sop = Rasp.Aggregate(Rasp.Select(Indices, Indices, Comparison.Lt), Tokens, 0);
        var e = Assert.Throws<RaspError>(() => Eval01(sop, Chars("hello")));
        Assert.Contains("asked to average multiple values, but they are non-numbers", e.Message);
    }

    [Fact]
    public void Rasp01RefusesToAverageBoolsButTracrAveragesThem()
    {
        var sel = Rasp.Select(Indices, Indices, Comparison.Leq);
        var bools = Tokens.Eq("l");
        Assert.Throws<RaspError>(() => Eval01(Rasp.Aggregate(sel, bools, 0), Chars("hello")));
        var r = EvalTracr(Rasp.Numerical(Rasp.Aggregate(sel, bools, 0)), Chars("hello"));
        Assert.Equal("[False, 0.0, 0.333, 0.5, 0.4]", Show3(r));
    }

    [Fact]
    public void OmittedStringDefaultMixesTypes()
    {
        var sop = Rasp.Aggregate(Rasp.Select(Indices + 1, Indices, Comparison.Eq), Tokens, 0).Named("first")
            .At(new SourceSpan("prog.rasp", 4, 9, 20));
        var e = Assert.Throws<RaspError>(() => Eval01(sop, Chars("ab")));
        Assert.Contains("'first' (prog.rasp:4:9)", e.Message);
        Assert.Contains("different types", e.Message);
    }

    [Fact]
    public void Example14And15_SelectorWidthFromRasplib()
    {
        Assert.Equal("[1, 1, 2, 2, 1]", Show(Eval01(RaspLib.SelectorWidth(Rasp.Select(Tokens, Tokens, Comparison.Eq)), Chars("hello"))));
        Assert.Equal("[1, 2, 3, 4, 5]", Show(Eval01(RaspLib.SelectorWidth(Rasp.Select(Indices, Indices, Comparison.Leq)), Chars("hello"))));
        Assert.Equal("[0, 1, 2, 3, 4]", Show(Eval01(RaspLib.SelectorWidth(Rasp.Select(Indices, Indices, Comparison.Lt)), Chars("hello"))));
        Assert.Equal("[0, 0, 0]", Show(Eval01(RaspLib.SelectorWidth(Rasp.Select(Indices, Indices, Comparison.False)), Chars("abc"))));
    }

    [Fact]
    public void Example9And10_RasplibSort()
    {
        Assert.Equal("[e, h, l, l, o]", Show(Eval01(RaspLib.Sort(Tokens, Tokens), Chars("hello"))));
        Assert.Equal("[3, 2, 1]", Show(Eval01(RaspLib.Sort(Tokens, -Tokens), Ints(3, 1, 2))));
    }

    [Fact]
    public void Examples11To13_CountShiftMarks()
    {
        Assert.Equal("[2, 2, 2, 2, 2]", Show(Eval01(RaspLib.Count(Tokens, "l"), Chars("hello"))));
        Assert.Equal("[_, h, e, l, l]", Show(Eval01(RaspLib.Shift(Tokens, 1, "_"), Chars("hello"))));
        Assert.Equal("[False, False, False, True, False]", Show(Eval01(RaspLib.MarkLastInstance(Tokens, "l"), Chars("hello"))));
        Assert.Equal("[False, False, True, False, False]", Show(Eval01(RaspLib.MarkFirstInstance(Tokens, "l"), Chars("hello"))));
        Assert.Equal("[5, 5, 5, 5, 5]", Show(Eval01(RaspLib.Length, Chars("hello"))));
    }

    [Fact]
    public void Example20_MembershipBothWays()
    {
        var eInTokens = RaspLib.Contains(Tokens, "e");
        Assert.Equal("[True, True, True]", Show(Eval01(eInTokens, Chars("hey"))));
        Assert.Equal("[False, True, False]", Show(Eval01(Rasp.In(Tokens, "a", "e", "i", "o", "u"), Chars("hey"))));
    }

    [Fact]
    public void Example21_TernaryZipsThreeSOps() =>
        Assert.Equal("[h, a, l, a, o]", Show(Eval01(Rasp.Where((Indices % 2).Eq(1), "a", Tokens), Chars("hello"))));

    [Fact]
    public void Example22_SelectorMatrixIsQueryByKey()
    {
        var m = new RaspEvaluator(AggregateSemantics.Rasp01).Evaluate(Rasp.Select(Indices, Indices, Comparison.Lt), Chars("hey"));
        bool[,] expected = { { false, false, false }, { true, false, false }, { true, true, false } };
        Assert.Equal(expected, m);
    }

    [Fact]
    public void Examples23To25_AverageMaxMinRoundLookup()
    {
        Assert.Equal("[2.0, 2.0, 2.0, 2.0, 2.0]", Show(Eval01(RaspLib.Average(Indices), Chars("hello"))));
        Assert.Equal("[2, 2, 2, 3, 4]", Show(Eval01(RaspLib.Max(Indices, 2), Chars("hello"))));
        Assert.Equal("[0, 1, 2, 2, 2]", Show(Eval01(RaspLib.Min(Indices, 2), Chars("hello"))));
        Assert.Equal("[0, 0, 1, 2, 2, 2]", Show(Eval01(Rasp.Round(Indices / 2), Ints(0, 1, 2, 3, 4, 5))));
        var d = new[] { "1", "2", "3", "4", "5" }.Zip(new Value[] { 1, 2, 3, 5, 4 }, (k, v) => new KeyValuePair<Value, Value>(k, v)).ToList();
        Assert.Equal("[1, 2, 3, 5, 4]", Show(Eval01(Rasp.Lookup(d, Tokens), Chars("12345"))));
        Assert.Equal("[c, b]", Show(Eval01(Rasp.Lookup(new Value[] { "a", "b", "c" }, Tokens), Ints(-1, 1))));
        var e = Assert.Throws<RaspError>(() => Eval01(Rasp.Lookup(d, Tokens), Chars("9")));
        Assert.Contains("not in dict", e.Message);
    }

    [Fact]
    public void LoadFromLocationAndSelectNextIdentical()
    {
        Assert.Equal("[l, l, l, l, l]", Show(Eval01(RaspLib.LoadFromLocation(Tokens, Rasp.Full(2)), Chars("hello"))));
        var m = new RaspEvaluator(AggregateSemantics.Rasp01).Evaluate(RaspLib.SelectNextIdentical(Tokens), Chars("abab"));
        for (int q = 0; q < 4; q++)
            for (int k = 0; k < 4; k++)
                Assert.Equal(k == q + 2, m[q, k]);
        var last = new RaspEvaluator(AggregateSemantics.Rasp01).Evaluate(RaspLib.SelectFromLast(Tokens, "l"), Chars("hello"));
        for (int q = 0; q < 5; q++) Assert.True(last[q, 3] && !last[q, 2]);
    }

    [Fact]
    public void TracrSemantics_NoneDefaultPropagatesThroughMaps()
    {
        var shifted = Rasp.Aggregate(Rasp.Select(Indices, Indices, Predicate.Custom("q == k + 1", (k, q) => ValueOps.PyEquals(q, ValueOps.Add(k, 1)))), Tokens);
        Assert.Equal("[None, a, b]", Show(EvalTracr(shifted, Chars("abc"))));
        Assert.Equal("[None, True, False]", Show(EvalTracr(shifted.Eq("a"), Chars("abc"))));
        Assert.Equal("[None, ab, bc]", Show(EvalTracr(shifted + Tokens, Chars("abc"))));
        var e = Assert.Throws<RaspError>(() => EvalTracr(Rasp.Aggregate(Rasp.Select(shifted, Tokens, Comparison.Eq), Tokens), Chars("abc")));
        Assert.Contains("None at positions [0]", e.Message);
    }

    [Fact]
    public void TracrSemantics_CategoricalNeedsWidthAtMostOneNumericalAverages()
    {
        var sel = Rasp.Select(Tokens, Tokens, Comparison.Eq);
        var e = Assert.Throws<RaspError>(() => EvalTracr(Rasp.Aggregate(sel, Indices), Chars("aab")));
        Assert.Contains("categorical aggregate", e.Message);
        Assert.Equal("[0.5, 0.5, 2]", Show(EvalTracr(Rasp.Numerical(Rasp.Aggregate(sel, Indices)), Chars("aab"))));
        Assert.Throws<RaspError>(() => EvalTracr(Rasp.Numerical(Rasp.Aggregate(sel, Tokens)), Chars("aab")));
        Assert.Equal("[None, None]", Show(EvalTracr(Rasp.Aggregate(Rasp.Select(Tokens, Tokens, Comparison.False), Tokens), Chars("ab"))));
    }

    [Fact]
    public void CausalMasksEverySelectorToEarlierKeys()
    {
        var all = Rasp.Select(Tokens, Tokens, Comparison.True);
        Assert.Equal("[1, 2, 3, 4]", Show(EvalTracr(Rasp.SelectorWidth(all), Chars("abcd"), causal: true)));
        Assert.Equal("[4, 4, 4, 4]", Show(EvalTracr(Rasp.SelectorWidth(all), Chars("abcd"))));
        // not(select) is masked after negation too: query i sees only keys j <= i.
        var none = Rasp.Select(Tokens, Tokens, Comparison.False);
        Assert.Equal("[1, 2, 3]", Show(EvalTracr(Rasp.SelectorWidth(!none), Chars("abc"), causal: true)));
    }

    [Fact]
    public void CompositeSelectors()
    {
        var eq = Rasp.Select(Tokens, Tokens, Comparison.Eq);
        var before = Rasp.Select(Indices, Indices, Comparison.Lt);
        Assert.Equal("[0, 0, 1, 1]", Show(EvalTracr(Rasp.SelectorWidth(eq & before), Chars("abab"))));
        Assert.Equal("[2, 3, 3, 4]", Show(EvalTracr(Rasp.SelectorWidth(eq | before), Chars("abab"))));
        Assert.Equal("[2, 2, 2, 2]", Show(EvalTracr(Rasp.SelectorWidth(!eq), Chars("abab"))));
    }

    [Fact]
    public void TraceHoldsEveryNodeAndMemoisesPerInput()
    {
        int calls = 0;
        var counted = Rasp.Map(ElementFunction.Custom("count calls", v => { calls++; return v; }), Tokens);
        var sel = Rasp.Select(counted, counted, Comparison.Eq);
        var root = Rasp.SelectorWidth(sel);
        var evaluator = new RaspEvaluator(AggregateSemantics.Tracr);
        var trace = evaluator.Trace(root, Chars("aba"));
        Assert.Equal(3, calls);
        Assert.Equal("[a, b, a]", Show(trace.Values(counted)));
        Assert.Equal([2, 1, 2], trace.Widths(sel));
        Assert.Equal(root.TopologicalOrder().Count, trace.Nodes.Count);
        evaluator.Evaluate(counted + 1.ToString(), Chars("aba"));
        Assert.Equal(3, calls); // same input: 'counted' is not recomputed
        evaluator.Evaluate(counted, Chars("abb"));
        Assert.Equal(6, calls);
        Assert.Throws<KeyNotFoundException>(() => trace.Values(Indices));
    }

    [Fact]
    public void ErrorsInFunctionsNameTheSOpAndPosition()
    {
        var sop = (Rasp.Full(1) / Indices).Named("inv");
        var e = Assert.Throws<RaspError>(() => Eval01(sop, Chars("ab")));
        Assert.Contains("'inv'", e.Message);
        Assert.Contains("position 0", e.Message);
        Assert.Contains("division by zero", e.Message);
        var lambda = Rasp.Map(v => Value.Int(v.AsLong() * 2), Tokens);
        Assert.Equal("v => Value.Int(v.AsLong() * 2)", lambda.Function.Description);
        Assert.Throws<RaspTypeError>(() => Eval01(lambda, Chars("a")).ToList());
        Assert.Throws<RaspError>(() => Eval01(Tokens, [Value.None]));
    }
}
