using Glassbox.Compiler;
using Glassbox.Rasp;
using R = Glassbox.Rasp.Rasp;
using static Glassbox.Tests.Compiler.CompilerTestKit;

namespace Glassbox.Tests.Compiler;

/// <summary>
/// A numeric comparison's score table is filled by runs when the query values come in ascending order (the common
/// case: a comparison read straight off a sorted value set) and cell by cell otherwise. Every comparison, with query
/// values ascending, ascending with ties, descending and out of order, compiles to a head whose selector width
/// matches the evaluator on every input.
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
}
