namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;

public class AstEqualityTests
{
    [Fact]
    public void OperatorsBuildTheSameTreesAsTheFactories()
    {
        SOp dsl = Rasp.Tokens + 1;
        SOp factory = new Map(ElementFunction.WithRight(BinaryOp.Add, 1), new TokensSOp());
        Assert.Equal(factory, dsl);
        Assert.Equal(factory.GetHashCode(), dsl.GetHashCode());
        Assert.Equal("x + 1", ((Map)dsl).Function.Description);
        Assert.Equal("1 - x", ((Map)(1 - Rasp.Indices)).Function.Description);
        Assert.Equal(new SequenceMap(SequenceFunction.Binary(BinaryOp.Sub), EquatableList.Of<SOp>(Rasp.Tokens, Rasp.Indices)),
            Rasp.Tokens - Rasp.Indices);
    }

    [Fact]
    public void EqualityIgnoresNamesAndSpansButNotEncodingOrConstantsKind()
    {
        var a = Rasp.Aggregate(Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Leq), Rasp.Tokens.Eq("l"), 0);
        var b = (a with { Name = "frac" }).At(new SourceSpan("x.rasp", 3, 4, 5));
        Assert.Equal<SOp>(a, b);
        Assert.NotEqual<SOp>(a, Rasp.Numerical(a));
        Assert.NotEqual<SOp>(a, a with { Default = 0.0 });
        Assert.NotEqual<SOp>(Rasp.Full(1), Rasp.Full(true));
        Assert.NotEqual<SOp>(Rasp.Tokens + 1, Rasp.Tokens + 1.0);
        Assert.NotEqual<SOp>(Rasp.Tokens + 1, Rasp.Indices + 1);
    }

    [Fact]
    public void FunctionsCompareByDescriptionOnly()
    {
        var f = ElementFunction.Custom("double", v => ValueOps.Mul(v, 2));
        var g = ElementFunction.Custom("double", v => ValueOps.Add(v, v));
        Assert.Equal(f, g);
        Assert.NotEqual(f, ElementFunction.Custom("triple", v => v));
        Assert.Equal(Predicate.Of(Comparison.Lt), (Predicate)Comparison.Lt);
        Assert.Equal("(x + 1) * 2", ElementFunction.WithRight(BinaryOp.Mul, 2).After(ElementFunction.WithRight(BinaryOp.Add, 1)).Description);
        Assert.Equal(Value.Int(8), ElementFunction.WithRight(BinaryOp.Mul, 2).After(ElementFunction.WithRight(BinaryOp.Add, 1)).Apply(3));
    }

    [Fact]
    public void SelectorOperatorsBuildCompositeSelectors()
    {
        var s1 = Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq);
        var s2 = Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt);
        Assert.IsType<SelectorAnd>(s1 & s2);
        Assert.IsType<SelectorOr>(s1 | s2);
        Assert.IsType<SelectorNot>(!s1);
        Assert.Equal(s1 & s2, new SelectorAnd(s1, s2));
        Assert.NotEqual(s1 & s2, s2 & s1);
    }

    [Fact]
    public void ChildrenAndTopologicalOrderVisitEachNodeOnce()
    {
        var len = Rasp.SelectorWidth(Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.True));
        var opp = len - Rasp.Indices - 1;
        var rev = Rasp.Aggregate(Rasp.Select(Rasp.Indices, opp, Comparison.Eq), Rasp.Tokens);
        var order = rev.TopologicalOrder();
        Assert.Same(rev, order[^1]);
        Assert.Equal(order.Count, order.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(8, order.Count); // tokens, select(True), width, indices, len-indices, -1, select, aggregate
        for (int i = 0; i < order.Count; i++)
            foreach (var c in order[i].Children)
                Assert.Contains(c, order.Take(i), ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public void SequenceMapChecksArity()
    {
        Assert.Throws<ArgumentException>(() => new SequenceMap(SequenceFunction.Ternary, EquatableList.Of<SOp>(Rasp.Tokens, Rasp.Tokens)));
    }
}
