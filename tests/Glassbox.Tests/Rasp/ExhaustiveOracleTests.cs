namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;
using static Glassbox.Tests.Rasp.RaspTestData;

/// <summary>
/// Every library program against a direct C# computation of what it should compute, on every input over a small
/// vocabulary up to a length (exhaustive), so the evaluator-as-oracle is itself checked.
/// </summary>
public class ExhaustiveOracleTests
{
    private static IEnumerable<Value[]> AllInputs(IReadOnlyList<Value> vocab, int maxLen)
    {
        for (int n = 1; n <= maxLen; n++)
        {
            var idx = new int[n];
            while (true)
            {
                yield return idx.Select(i => vocab[i]).ToArray();
                int p = n - 1;
                while (p >= 0 && ++idx[p] == vocab.Count) idx[p--] = 0;
                if (p < 0) break;
            }
        }
    }

    private static void Check(SOp program, AggregateSemantics semantics, IReadOnlyList<Value> vocab, int maxLen,
        Func<Value[], IEnumerable<Value>> expected, Func<Value[], bool>? applies = null)
    {
        var evaluator = new RaspEvaluator(semantics);
        int checkedInputs = 0;
        foreach (var input in AllInputs(vocab, maxLen))
        {
            if (applies is not null && !applies(input)) continue;
            var want = Show(expected(input));
            var got = Show(evaluator.Evaluate(program, input));
            Assert.True(want == got, $"input {Show(input)}: expected {want}, got {got}");
            checkedInputs++;
        }
        Assert.True(checkedInputs > 0);
    }

    private static readonly IReadOnlyList<Value> Digits = Ints(1, 2, 3);

    private static IEnumerable<Value> Broadcast(Value v, int n) => Enumerable.Repeat(v, n);

    private static int Occurrences(Value[] xs, Value x) => xs.Count(y => y.Equals(x));

    [Fact]
    public void TracrCountingPrograms()
    {
        var t = AggregateSemantics.Tracr;
        Check(RaspLibrary.Resolve("length").Program, t, Digits, 5, xs => Broadcast(xs.Length, xs.Length));
        Check(RaspLibrary.Resolve("hist").Program, t, Digits, 5, xs => xs.Select(x => (Value)Occurrences(xs, x)));
        Check(RaspLibrary.Resolve("count").Program, t, Digits, 5, xs => Broadcast(Occurrences(xs, 1), xs.Length));
        Check(RaspLibrary.Resolve("count_less_freq").Program, t, Digits, 5,
            xs => Broadcast(xs.Count(x => Occurrences(xs, x) <= 2), xs.Length));
        Check(RaspLibrary.Resolve("frac_prevs").Program, t, Digits, 5,
            xs => xs.Select((_, i) => i == 0 ? (Value)xs[0].Equals(1) : (Value)((double)xs.Take(i + 1).Count(x => x.Equals(1)) / (i + 1))));
    }

    [Fact]
    public void TracrReorderingPrograms()
    {
        var t = AggregateSemantics.Tracr;
        Check(RaspLibrary.Resolve("reverse").Program, t, Digits, 5, xs => xs.Reverse());
        Check(RaspLibrary.Resolve("sort").Program, t, Digits, 5, xs => xs.OrderBy(x => x.AsLong()));
        Check(RaspLibrary.Resolve("sort_unique").Program, t, Ints(1, 2, 3, 4), 4, xs => xs.OrderBy(x => x.AsLong()),
            xs => xs.Distinct().Count() == xs.Length);
        Check(RaspLibrary.Resolve("sort_freq").Program, t, Digits, 5, xs => xs.Select((x, i) => (x, i))
            .OrderBy(p => -Occurrences(xs, p.x)).ThenBy(p => p.i).Select(p => p.x));
        Check(RaspLibrary.Resolve("shift_by:2").Program, t, Digits, 5, xs => xs.Select((_, i) => i < 2 ? Value.None : xs[i - 2]));
        Check(RaspLibrary.Resolve("detect_pattern").Program, t, Digits, 5,
            xs => xs.Select((x, i) => i < 1 ? Value.None : (Value)(xs[i - 1].Equals(1) && x.Equals(2))));
        Check(RaspLibrary.Resolve("nary_sequencemap").Program, t, Digits, 5, xs => xs.Select((x, i) => (Value)(2 * x.AsLong() - i)));
    }

    private static bool ShuffleDyck(Value[] xs, params string[] pairs) => pairs.All(p =>
    {
        int depth = 0;
        foreach (var x in xs)
        {
            if (x.Equals(p[0].ToString())) depth++;
            if (x.Equals(p[1].ToString()) && --depth < 0) return false;
        }
        return depth == 0;
    });

    [Fact]
    public void TracrBracketPrograms()
    {
        var t = AggregateSemantics.Tracr;
        Check(RaspLibrary.Resolve("pair_balance").Program, t, Chars("()"), 6, xs => xs.Select((_, i) =>
        {
            int opens = xs.Take(i + 1).Count(x => x.Equals("(")), closes = xs.Take(i + 1).Count(x => x.Equals(")"));
            return i == 0 ? (Value)(opens - closes) : (Value)((double)opens / (i + 1) - (double)closes / (i + 1));
        }));
        Check(RaspLibrary.Resolve("shuffle_dyck2").Program, t, Chars("(){}"), 5, xs => Broadcast(ShuffleDyck(xs, "()", "{}"), xs.Length));
    }

    private static string Ptf(Value[] xs, int i, params string[] pairs)
    {
        var stack = new Stack<string>();
        for (int j = 0; j <= i; j++)
        {
            string c = xs[j].AsString();
            if (pairs.Any(p => p[0].ToString() == c)) stack.Push(c);
            else
            {
                var pair = pairs.First(p => p[1].ToString() == c);
                if (stack.Count == 0 || stack.Pop() != pair[0].ToString()) return "F";
            }
        }
        return stack.Count == 0 ? "T" : "P";
    }

    [Fact]
    public void PaperPrograms()
    {
        var r = AggregateSemantics.Rasp01;
        var bosInputs = (Func<Value[], bool>)(xs => xs[0].Equals(RaspPaper.Bos) && !xs.Skip(1).Contains(RaspPaper.Bos));
        var abcBos = Chars("§abc");
        Check(RaspPaper.Reverse(), r, Chars("abc"), 5, xs => xs.Reverse());
        Check(RaspPaper.HistNoBos(), r, Chars("abc"), 5, xs => xs.Select(x => (Value)Occurrences(xs, x)));
        Check(RaspPaper.HistBos(), r, abcBos, 6, xs => xs.Select((x, i) => (Value)(i == 0 ? 0 : Occurrences(xs, x))), bosInputs);
        Check(RaspPaper.Hist2Bos(), r, abcBos, 6, xs => xs.Select((x, i) =>
        {
            if (i == 0) return (Value)0;
            var body = xs.Skip(1).ToArray();
            return (Value)body.Distinct().Count(y => Occurrences(body, y) == Occurrences(body, x));
        }), bosInputs);
        Check(RaspPaper.SortBos(), r, abcBos, 6, xs => xs.Take(1).Concat(xs.Skip(1).OrderBy(x => x.AsString(), StringComparer.Ordinal)), bosInputs);
        Check(RaspPaper.SortByMostFreq(), r, abcBos, 6, xs =>
        {
            var body = xs.Skip(1).ToArray();
            var distinct = body.Distinct().OrderBy(x => -Occurrences(body, x)).ThenBy(x => Array.IndexOf(body, x)).ToList();
            return xs.Take(1).Concat(distinct).Concat(Enumerable.Repeat((Value)RaspPaper.Bos, body.Length - distinct.Count));
        }, bosInputs);
        Check(RaspPaper.Dyck1Ptf(), r, Chars("()"), 7, xs => xs.Select((_, i) => (Value)Ptf(xs, i, "()")));
        Check(RaspPaper.Dyck2Ptf(), r, Chars("(){}"), 5, xs => xs.Select((_, i) => (Value)Ptf(xs, i, "()", "{}")));
    }
}
