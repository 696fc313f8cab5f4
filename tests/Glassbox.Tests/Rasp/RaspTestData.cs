namespace Glassbox.Tests.Rasp;

using Glassbox.Rasp;

/// <summary>Helpers that turn test literals into RASP inputs and printable outputs.</summary>
internal static class RaspTestData
{
    /// <summary>A string input split into one-character strings, as RASP 0.1 does.</summary>
    public static IReadOnlyList<Value> Chars(string s) => s.Select(c => (Value)c.ToString()).ToList();

    /// <summary>An int input.</summary>
    public static IReadOnlyList<Value> Ints(params long[] xs) => xs.Select(x => Value.Int(x)).ToList();

    /// <summary>Values as Python would print a list: [1, 0.5, 'a' → a, True, None].</summary>
    public static string Show(IEnumerable<Value> values) => "[" + string.Join(", ", values.Select(v => v.ToString())) + "]";

    /// <summary>Values rounded to 3 decimals where they are floats (RASP REPL display).</summary>
    public static string Show3(IEnumerable<Value> values) =>
        "[" + string.Join(", ", values.Select(v => v.Kind == ValueKind.Float
            ? Math.Round(v.AsDouble(), 3).ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture)
            : v.ToString())) + "]";

    public static IReadOnlyList<Value> Eval01(SOp sop, IReadOnlyList<Value> input) =>
        RaspEvaluator.Evaluate(sop, input, AggregateSemantics.Rasp01);

    public static IReadOnlyList<Value> EvalTracr(SOp sop, IReadOnlyList<Value> input, bool causal = false) =>
        RaspEvaluator.Evaluate(sop, input, AggregateSemantics.Tracr, causal);
}
