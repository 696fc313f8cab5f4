using System.Globalization;
using System.Text;

namespace Glassbox.Rasp.Script;

/// <summary>
/// RASP 0.1's REPL print formats: sequences as <c>[0, 1, 2] (ints)</c> (all-equal as <c>[v]*n</c>, floats to 3
/// places, bools T/F, strings bare), selector matrices, and the <c>s-op:</c>/<c>value:</c>/<c>list:</c> headers.
/// </summary>
public static class Printer
{
    /// <summary>The type word of a sequence: ints, floats, strings, bools (mixed int/float is floats).</summary>
    /// <exception cref="RaspError">when the values do not share one type (RASP's one-type-per-s-op rule).</exception>
    public static string TypeWord(IReadOnlyList<Value> values)
    {
        bool anyFloat = false, anyInt = false, anyString = false, anyBool = false, anyNone = false;
        foreach (var v in values)
        {
            switch (v.Kind)
            {
                case ValueKind.Float: anyFloat = true; break;
                case ValueKind.Int: anyInt = true; break;
                case ValueKind.String: anyString = true; break;
                case ValueKind.Bool: anyBool = true; break;
                default: anyNone = true; break;
            }
        }
        int kinds = (anyString ? 1 : 0) + (anyBool ? 1 : 0) + (anyInt || anyFloat ? 1 : 0) + (anyNone ? 1 : 0);
        if (kinds > 1)
            throw new RaspError($"attempted to create sequence with vals of different types: {Sequence(values, typed: false)}");
        if (anyString) return "strings";
        if (anyBool) return "bools";
        if (anyFloat) return "floats";
        if (anyInt) return "ints";
        return "Nones";
    }

    /// <summary>One element as RASP prints it inside a sequence.</summary>
    public static string Element(Value v) => v.Kind switch
    {
        ValueKind.Bool => v.IsTruthy ? "T" : "F",
        ValueKind.Float => Value.FormatFloat(Math.Round(v.AsDouble(), 3, MidpointRounding.ToEven)),
        _ => v.ToString(),
    };

    /// <summary><c>[1, 2, 3] (ints)</c>, or <c>[5]*5 (ints)</c> when every value is equal and there are several.</summary>
    public static string Sequence(IReadOnlyList<Value> values, bool typed = true)
    {
        string body = values.Count > 1 && values.All(v => v.Kind == values[0].Kind && v.Equals(values[0]))
            ? $"[{Element(values[0])}]*{values.Count}"
            : "[" + string.Join(", ", values.Select(Element)) + "]";
        return typed ? $"{body} ({TypeWord(values)})" : body;
    }

    /// <summary>An input as RASP shows it after a name: <c>"hello"</c> for strings of characters, else a list.</summary>
    public static string Input(IReadOnlyList<Value> input, bool fromString) =>
        fromString ? "\"" + string.Concat(input.Select(v => v.ToString())) + "\"" : "[" + string.Join(", ", input.Select(v => v.Repr())) + "]";

    /// <summary>The aligned <c>input:</c>/<c>output:</c> rows of <c>full seq display on</c>.</summary>
    public static IEnumerable<string> FullDisplay(IReadOnlyList<Value> input, IReadOnlyList<Value> output)
    {
        if (output.Count > 1 && output.All(v => v.Kind == output[0].Kind && v.Equals(output[0])))
        {
            yield return $"\t\t{Sequence(output)} [skipped full display: identical values]";
            yield break;
        }
        var inputs = input.Select(Element).ToList();
        var outputs = output.Select(Element).ToList();
        var widths = inputs.Zip(outputs, (a, b) => Math.Max(a.Length, b.Length)).ToList();
        string Row(List<string> cells) => string.Join(" ", cells.Select((c, i) => c.PadRight(widths[i])));
        yield return $"\t\tinput:   {Row(inputs)} \t ({SafeTypeWord(input)})";
        yield return $"\t\toutput:  {Row(outputs)} \t ({TypeWord(output)})";
    }

    /// <summary>The rows of a selector matrix: a header of the input, then one row per query with 1 where selected.</summary>
    public static IEnumerable<string> Matrix(IReadOnlyList<Value> input, bool[,] matrix, string indent = " \t\t\t")
    {
        var labels = input.Select(v => v.ToString()).ToList();
        int width = Math.Max(1, labels.Count == 0 ? 1 : labels.Max(l => l.Length));
        yield return indent + "    " + string.Concat(labels.Select(l => " " + l.PadRight(width)));
        for (int q = 0; q < matrix.GetLength(0); q++)
        {
            var row = new StringBuilder(indent + " ").Append(labels[q].PadLeft(width)).Append(" |");
            for (int k = 0; k < matrix.GetLength(1); k++)
                row.Append(' ').Append((matrix[q, k] ? "1" : " ").PadRight(width));
            yield return row.ToString();
        }
    }

    /// <summary>An atom as the <c>value:</c> line shows it: strings quoted, bools True/False.</summary>
    public static string Atom(Value v) => v.Repr();

    /// <summary>A list or dict of atoms (and nested containers) in RASP literal syntax.</summary>
    public static string Container(ScriptValue value) => value switch
    {
        AtomValue a => a.Atom.Repr(),
        ListValue l => "[" + string.Join(", ", l.Items.Select(Container)) + "]",
        DictValue d => "{" + string.Join(", ", d.Entries.Select(p => $"{p.Key.Repr()}: {Container(p.Value)}")) + "}",
        SOpValue s => $"s-op {s.SOp.Label}",
        SelectorValue s => $"selector {s.Selector.Label}",
        FunctionValue f => $"function {f.Signature}",
        BuiltinFunctionValue b => $"function {b.Name}",
        _ => value.TypeName,
    };

    private static string SafeTypeWord(IReadOnlyList<Value> values)
    {
        try { return TypeWord(values); }
        catch (RaspError) { return "mixed"; }
    }

    internal static string Invariant(long n) => n.ToString(CultureInfo.InvariantCulture);
}
