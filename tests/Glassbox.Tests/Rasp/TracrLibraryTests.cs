namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Rasp.RaspTestData;

/// <summary>Tracr's library through the catalogue, against the evaluator outputs listed in tracr-sizes.md and tracr.md §3.</summary>
public class TracrLibraryTests
{
    [Theory]
    [InlineData("length", 5, "a b c", "[3, 3, 3]")]
    [InlineData("length", 5, "c", "[1]")]
    [InlineData("length", 5, "3 3 1 2 2", "[5, 5, 5, 5, 5]")]
    [InlineData("reverse", 5, "a b c d", "[d, c, b, a]")]
    [InlineData("reverse", 5, "3 1 2 2 1", "[1, 2, 2, 1, 3]")]
    [InlineData("pair_balance", 10, "a ( ) b ( c ) )", "[0, 0.5, 0.0, 0.0, 0.2, 0.16666666666666666, 0.0, -0.125]")]
    [InlineData("pair_balance", 10, "( ( )", "[1, 1.0, 0.3333333333333333]")]
    [InlineData("pair_balance", 10, ") ) ( (", "[-1, -1.0, -0.3333333333333333, 0.0]")]
    [InlineData("pair_balance:(,)", 5, "( ) ) (", "[1, 0.0, -0.3333333333333333, 0.0]")]
    [InlineData("shuffle_dyck2", 5, "( { ) }", "[True, True, True, True]")]
    [InlineData("shuffle_dyck2", 5, "( ) { ) }", "[False, False, False, False, False]")]
    [InlineData("shuffle_dyck2", 5, "{ } (", "[False, False, False]")]
    [InlineData("shuffle_dyck:(),{},[]", 6, "( { ) [ } ]", "[True, True, True, True, True, True]")]
    [InlineData("shuffle_dyck:(),{},[]", 6, "{ } [ ( ]", "[False, False, False, False, False]")]
    [InlineData("hist", 5, "a b a c", "[2, 1, 2, 1]")]
    [InlineData("hist", 5, "a a a a", "[4, 4, 4, 4]")]
    [InlineData("hist", 5, "3 3 3 1 2", "[3, 3, 3, 1, 1]")]
    [InlineData("sort_unique", 5, "2 4 3 1", "[1, 2, 3, 4]")]
    [InlineData("sort_unique", 5, "4 2 1", "[1, 2, 4]")]
    [InlineData("sort", 5, "2 4 1 2", "[1, 2, 2, 4]")]
    [InlineData("sort", 5, "3 3 3", "[3, 3, 3]")]
    [InlineData("sort", 5, "2 2 1 3 1", "[1, 1, 2, 2, 3]")]
    [InlineData("sort_freq", 5, "2 4 2 1", "[2, 2, 4, 1]")]
    [InlineData("sort_freq", 5, "1 2 2 3 3", "[2, 2, 3, 3, 1]")]
    [InlineData("sort_freq", 5, "3 1 3 2 3", "[3, 3, 3, 1, 2]")]
    [InlineData("sort_freq", 5, "c c a b a", "[c, c, a, a, b]")]
    [InlineData("frac_prevs:l", 5, "h e l l o", "[False, 0.0, 0.3333333333333333, 0.5, 0.4]")]
    [InlineData("frac_prevs:l", 5, "l l l l", "[True, 1.0, 1.0, 1.0]")]
    [InlineData("frac_prevs", 5, "2 1 1 3 1", "[False, 0.5, 0.6666666666666666, 0.5, 0.6]")]
    [InlineData("frac_prevs:(", 10, "a ( ) b ( c ) )", "[False, 0.5, 0.3333333333333333, 0.25, 0.4, 0.3333333333333333, 0.2857142857142857, 0.25]")]
    [InlineData("shift_by", 5, "a b c d", "[None, a, b, c]")]
    [InlineData("shift_by:2", 5, "d c b a", "[None, None, d, c]")]
    [InlineData("shift_by", 5, "3 2 1 1", "[None, 3, 2, 1]")]
    [InlineData("detect_pattern:a,b,c", 6, "a b c a b c", "[None, None, True, False, False, True]")]
    [InlineData("detect_pattern:a,b,c", 6, "a a b c b c", "[None, None, False, True, False, False]")]
    [InlineData("detect_pattern:a,b", 5, "a a b a", "[None, False, True, False]")]
    [InlineData("detect_pattern", 5, "1 2 1 2", "[None, True, False, True]")]
    [InlineData("detect_pattern", 5, "2 1 1 2", "[None, False, False, True]")]
    [InlineData("count_less_freq", 6, "a a a b b c", "[3, 3, 3, 3, 3, 3]")]
    [InlineData("count_less_freq", 6, "a a c b b c", "[6, 6, 6, 6, 6, 6]")]
    [InlineData("count_less_freq", 5, "1 2 3 3 3", "[2, 2, 2, 2, 2]")]
    [InlineData("count:a", 8, "a a a b b c", "[3, 3, 3, 3, 3, 3]")]
    [InlineData("count:a", 8, "b b c", "[0, 0, 0]")]
    [InlineData("count", 5, "1 1 2", "[2, 2, 2]")]
    [InlineData("nary_sequencemap", 5, "1 2 3", "[2, 3, 4]")]
    [InlineData("nary_sequencemap", 5, "3 3 3 3 3", "[6, 5, 4, 3, 2]")]
    public void OutputsMatchTracrsEvaluator(string spec, int maxSeqLen, string input, string expected)
    {
        var program = RaspLibrary.Resolve(spec, maxSeqLen);
        Assert.Equal(AggregateSemantics.Tracr, program.Semantics);
        var values = Value.ParseVocabulary(input.Split(' '));
        Assert.Equal(expected, Show(EvalTracr(program.Program, values)));
    }

    [Fact]
    public void FracPrevsIsCausalAlready() =>
        Assert.Equal("[False, 0.0, 0.3333333333333333, 0.5, 0.4]",
            Show(EvalTracr(RaspLibrary.Resolve("frac_prevs:l").Program, Chars("hello"), causal: true)));

    [Fact]
    public void SortUniqueWithReversedKeysReverses() =>
        Assert.Equal("[d, c, b, a]", Show(EvalTracr(TracrLibrary.MakeSortUnique(Rasp.Tokens, 1 - Rasp.Indices), Chars("abcd"))));

    [Fact]
    public void NarySequenceMapWithDivision()
    {
        var f = SequenceFunction.Custom("x * y / z", 3, v => ValueOps.Div(ValueOps.Mul(v[0], v[1]), v[2]));
        var sop = TracrLibrary.MakeNarySequenceMap(f, Rasp.Indices, Rasp.Indices, Rasp.Tokens);
        Assert.Equal("[0.0, 0.5, 1.3333333333333333]", Show(EvalTracr(sop, Ints(1, 2, 3))));
    }

    [Fact]
    public void NamesEncodingsAndSharedLength()
    {
        var balance = TracrLibrary.MakePairBalance(Rasp.Tokens, "(", ")");
        Assert.Equal(Encoding.Numerical, balance.Encoding);
        Assert.Equal("pair_balance", balance.Name);
        var linear = Assert.IsType<SequenceMap>(balance).Function;
        Assert.Equal([Value.Int(1), Value.Int(-1)], linear.LinearCoefficients!);
        var rev = (Aggregate)TracrLibrary.MakeReverse(Rasp.Tokens);
        Assert.Contains(TracrLibrary.Length, rev.TopologicalOrder());
        Assert.True(rev.Default.IsNone);
        Assert.Equal("length", TracrLibrary.Length.Name);
    }

    [Fact]
    public void CatalogueDefaultsAndErrors()
    {
        Assert.Equal("sort:1", RaspLibrary.Resolve("sort").Spec);
        Assert.Equal("detect_pattern:1,2", RaspLibrary.Resolve("detect_pattern").Spec);
        Assert.Equal("pair_balance:(,)", RaspLibrary.Resolve("pair_balance").Spec);
        Assert.Equal("count_less_freq:2", RaspLibrary.Resolve("count_less_freq").Spec);
        Assert.Equal(AggregateSemantics.Rasp01, RaspLibrary.Resolve("most_freq").Semantics);
        Assert.Contains(RaspLibrary.Catalogue, c => c.Usage.StartsWith("frac_prevs[:TOKEN] (default 1)", StringComparison.Ordinal));
        Assert.Contains("unknown library program 'nope'", Assert.Throws<UserError>(() => RaspLibrary.Resolve("nope")).Message);
        Assert.Throws<UserError>(() => RaspLibrary.Resolve("length:3"));
        Assert.Throws<UserError>(() => RaspLibrary.Resolve("shift_by:x"));
        Assert.Throws<UserError>(() => RaspLibrary.Resolve("pair_balance:("));
        Assert.Throws<UserError>(() => RaspLibrary.Resolve("detect_pattern:"));
        Assert.Throws<UserError>(() => RaspLibrary.Resolve("shuffle_dyck:abc"));
        foreach (var name in RaspLibrary.Names)
            Assert.NotNull(RaspLibrary.Resolve(name).Program);
    }
}
