namespace Glassbox.Tests.Rasp;

using CsCheck;
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
    public void ToStringIsTheLabelNotTheWholeTree()
    {
        SOp x = Rasp.Tokens;
        for (int i = 0; i < 60; i++) x = x + x;
        Assert.Equal("sequence_map(x + y)", x.ToString());
        Assert.Equal("n", x.Named("n").ToString());
        Assert.Equal("select(<)", Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Lt).ToString());
    }

    [Fact]
    public void SequenceMapChecksArity()
    {
        Assert.Throws<ArgumentException>(() => new SequenceMap(SequenceFunction.Ternary, EquatableList.Of<SOp>(Rasp.Tokens, Rasp.Tokens)));
    }

    [Fact]
    public void SharedSubtreesAreComparedOnceAndDeepChainsDoNotOverflow()
    {
        SOp x = Rasp.Tokens, y = Rasp.Tokens;
        for (int i = 0; i < 80; i++) { x = x + x; y = y + y; } // 2^80 paths: only linear-time algorithms finish
        Assert.Equal(x, y);
        Assert.Equal(x.GetHashCode(), y.GetHashCode());
        Assert.NotEqual(x, y + 1);

        SOp deepA = Rasp.Indices, deepB = Rasp.Indices;
        for (int i = 0; i < 20_000; i++) { deepA = deepA + 1; deepB = deepB + 1; }
        Assert.Equal(deepA, deepB);
        Assert.Equal(20_001, deepA.TopologicalOrder().Count);
        Assert.Equal(Value.Int(20_000), RaspEvaluator.Evaluate(deepA, [Value.String("a")], AggregateSemantics.Tracr)[0]);
    }

    /// <summary>Builds a random program from a list of instruction codes; building twice must give equal trees.</summary>
    private static SOp Build(int[] code)
    {
        var pool = new List<SOp> { Rasp.Tokens, Rasp.Indices };
        var selectors = new List<Selector> { Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq) };
        for (int i = 0; i + 2 < code.Length; i += 3)
        {
            SOp a = pool[code[i + 1] % pool.Count], b = pool[code[i + 2] % pool.Count];
            Selector s = selectors[code[i + 2] % selectors.Count];
            switch (code[i] % 9)
            {
                case 0: pool.Add(a + code[i + 2]); break;
                case 1: pool.Add(a - b); break;
                case 2: pool.Add(Rasp.Where(a.Eq(b), a, code[i + 1])); break;
                case 3: selectors.Add(Rasp.Select(a, b, (Comparison)(code[i + 1] % 8))); break;
                case 4: selectors.Add(s & selectors[code[i + 1] % selectors.Count]); break;
                case 5: selectors.Add(!s); break;
                case 6: pool.Add(Rasp.Aggregate(s, a, code[i + 1] % 2 == 0 ? Value.None : 0)); break;
                case 7: pool.Add(Rasp.SelectorWidth(s)); break;
                default: pool.Add(Rasp.Numerical(Rasp.Round(a))); break;
            }
        }
        return pool[^1] + Rasp.SelectorWidth(selectors[^1]);
    }

    [Fact]
    public void RandomProgramsBuiltTwiceAreEqualWithEqualHashes() =>
        Gen.Int[0, 1000].Array[3, 60].Sample(code =>
        {
            SOp a = Build(code), b = Build(code);
            return !ReferenceEquals(a, b) && a.Equals(b) && a.GetHashCode() == b.GetHashCode();
        }, iter: 300, seed: "0N0XIzNsQ0O2");

    [Fact]
    public void ChangingOneInstructionChangesEqualityConsistentlyWithHashes() =>
        Gen.Select(Gen.Int[0, 1000].Array[3, 45], Gen.Int[0, 44], Gen.Int[1, 1000]).Sample((code, at, delta) =>
        {
            var mutated = (int[])code.Clone();
            mutated[at % code.Length] += delta;
            SOp a = Build(code), b = Build(mutated);
            return !a.Equals(b) || a.GetHashCode() == b.GetHashCode();
        }, iter: 300, seed: "0N0XIzNsQ0O2");
}
