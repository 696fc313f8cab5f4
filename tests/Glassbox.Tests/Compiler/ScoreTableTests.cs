using Glassbox.Compiler;
using Glassbox.Rasp;
using R = Glassbox.Rasp.Rasp;
using static Glassbox.Tests.Compiler.CompilerTestKit;

namespace Glassbox.Tests.Compiler;

/// <summary>
/// A numeric comparison's score table is filled by runs when the query values come in ascending order (the common
/// case: a comparison read straight off a sorted value set) and cell by cell otherwise. Every comparison, with query
/// values ascending, ascending with ties, descending and out of order, compiles to a head whose selector width
/// matches the evaluator on every input. Conditions whose tables meet on the same key rows (the score form adds
/// them up there) do too.
/// </summary>
public class ScoreTableTests
{
    public static TheoryData<Comparison, string> Cases()
    {
        var data = new TheoryData<Comparison, string>();
        foreach (var c in new[] { Comparison.Eq, Comparison.Neq, Comparison.Lt, Comparison.Leq, Comparison.Gt, Comparison.Geq })
            foreach (var q in new[] { "x", "x // 2", "4 - x", "2 * x % 5" })
                data.Add(c, q);
        return data;
    }

    private static SOp Query(string f) => f switch
    {
        "x" => R.Tokens,
        "x // 2" => R.Map(ElementFunction.Custom(f, x => Value.Int((long)x.AsDouble() / 2)), R.Tokens),
        "4 - x" => R.Map(ElementFunction.Custom(f, x => ValueOps.Sub(4, x)), R.Tokens),
        _ => R.Map(ElementFunction.Custom(f, x => ValueOps.Mod(ValueOps.Mul(2, x), 5)), R.Tokens),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryComparisonMatchesTheEvaluatorWhateverTheQueryOrder(Comparison comparison, string query)
    {
        var width = R.SelectorWidth(R.Select(R.Tokens, Query(query), comparison)).Named("w");
        var c = Compile(width, Vocab(1, 2, 3, 4), 4);
        AssertExact(c, VerifyExhaustive(c));
    }

    [Fact]
    public void TablesThatMeetOnAKeyAddUp()
    {
        // Both conditions read the key s-op tokens, against two query s-ops: every key direction's score row sums two
        // tables (and a full match scores 2, above BOS's 1½ for the aggregate and level with BOS's 2 for the width).
        var both = R.SelectorAnd(R.Select(R.Tokens, R.Tokens, Comparison.Leq), R.Select(R.Tokens, R.Indices, Comparison.Gt));
        var width = Compile(R.SelectorWidth(both).Named("w"), Vocab(1, 2, 3, 4), 4);
        AssertExact(width, VerifyExhaustive(width));
        var mean = Compile(R.Numerical(R.Aggregate(both, R.Tokens, 0)).Named("mean"), Vocab(1, 2, 3), 4);
        AssertExact(mean, VerifyExhaustive(mean));
        // Two conditions on the key alone, paired with different query s-ops: both score through `one` on the query
        // side, so they add up in the same cells (2 where both hold).
        var keyOnly = R.SelectorAnd(R.Select(R.Tokens, R.Tokens, Predicate.Custom("k > 1", (k, _) => ValueOps.Gt(k, 1).IsTruthy)),
            R.Select(R.Tokens, R.Indices, Predicate.Custom("k > 2", (k, _) => ValueOps.Gt(k, 2).IsTruthy)));
        var counted = Compile(R.SelectorWidth(keyOnly).Named("w2"), Vocab(1, 2, 3, 4), 4);
        AssertExact(counted, VerifyExhaustive(counted));
        var averaged = Compile(R.Numerical(R.Aggregate(keyOnly, R.Tokens, 0)).Named("mean2"), Vocab(1, 2, 3, 4), 4);
        AssertExact(averaged, VerifyExhaustive(averaged));
    }
}
