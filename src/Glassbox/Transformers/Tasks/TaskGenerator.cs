using Glassbox.Transformers.Tokenization;

namespace Glassbox.Transformers.Tasks;

/// <summary>One generated example: the input symbols and the per-position target symbols (same length).</summary>
public sealed record TaskExample(string[] Input, string[] Output);

/// <summary>
/// Seeded generator of the RASP paper's sequence tasks. Inputs have lengths 1 … <see cref="MaxLength"/>, drawn
/// uniformly; number tasks use the symbols <c>0 … V−1</c>, Dyck tasks the brackets, and every output is one symbol
/// per input position, exactly as the RASP reference programs define them (rasp.md §3.1).
/// </summary>
public sealed class TaskGenerator
{
    /// <summary>The output padding symbol of <c>most_freq</c> (the RASP REPL's BOS character).</summary>
    public const string Filler = "§";

    /// <summary>The separator between prompt and answer in the decoder's prompt/answer format.</summary>
    public const string Separator = "|";

    /// <summary>Creates a generator; <paramref name="symbolCount"/> is the number of input symbols of number tasks.</summary>
    public TaskGenerator(TaskKind kind, int symbolCount, int maxLength)
    {
        if (kind == TaskKind.Text) throw new UserError("the text task reads a corpus; it has no generator");
        if (maxLength < 1) throw new UserError($"--max-len must be ≥ 1 (got {maxLength})");
        if (symbolCount < 1 && kind is not (TaskKind.Dyck1 or TaskKind.Dyck2))
            throw new UserError($"--vocab-size must be ≥ 1 (got {symbolCount})");
        Kind = kind;
        MaxLength = maxLength;
        InputSymbols = kind switch
        {
            TaskKind.Dyck1 => ["(", ")"],
            TaskKind.Dyck2 => ["(", ")", "[", "]"],
            _ => Enumerable.Range(0, symbolCount).Select(i => i.ToString()).ToArray(),
        };
        var outputs = kind switch
        {
            TaskKind.Dyck1 or TaskKind.Dyck2 => new[] { "P", "T", "F" },
            TaskKind.Hist or TaskKind.DoubleHist => Enumerable.Range(0, maxLength + 1).Select(i => i.ToString()).ToArray(),
            TaskKind.MostFreq => [Filler],
            _ => [],
        };
        var symbols = InputSymbols.Concat(outputs).Distinct().Append(Separator).ToArray();
        Tokenizer = new SymbolTokenizer(symbols);
    }

    /// <summary>Which task.</summary>
    public TaskKind Kind { get; }

    /// <summary>Longest input.</summary>
    public int MaxLength { get; }

    /// <summary>The symbols inputs are drawn from.</summary>
    public IReadOnlyList<string> InputSymbols { get; }

    /// <summary>Tokenizer over input symbols, output symbols and the separator (special tokens appended).</summary>
    public SymbolTokenizer Tokenizer { get; }

    /// <summary>Draws one example from <paramref name="random"/>.</summary>
    public TaskExample Next(Random random)
    {
        int n = random.Next(1, MaxLength + 1);
        string[] input = Kind is TaskKind.Dyck1 or TaskKind.Dyck2 ? DyckInput(random, n, Kind == TaskKind.Dyck1 ? 1 : 2)
            : Enumerable.Range(0, n).Select(_ => InputSymbols[random.Next(InputSymbols.Count)]).ToArray();
        return new TaskExample(input, Solve(Kind, input));
    }

    /// <summary>The task's output for <paramref name="input"/>, by the RASP paper's definition.</summary>
    public static string[] Solve(TaskKind kind, IReadOnlyList<string> input)
    {
        int n = input.Count;
        switch (kind)
        {
            case TaskKind.Copy: return input.ToArray();
            case TaskKind.Reverse: return input.Reverse().ToArray();
            case TaskKind.Sort: return input.OrderBy(SortKey).ThenBy(s => s, StringComparer.Ordinal).ToArray();
            case TaskKind.Hist: return input.Select(t => input.Count(u => u == t).ToString()).ToArray();
            case TaskKind.DoubleHist:
            {
                var count = input.Distinct().ToDictionary(t => t, t => input.Count(u => u == t));
                return input.Select(t => count.Count(kv => kv.Value == count[t]).ToString()).ToArray();
            }
            case TaskKind.MostFreq:
            {
                var order = input.Distinct()
                    .OrderByDescending(t => input.Count(u => u == t))
                    .ThenBy(t => input.ToList().IndexOf(t)).ToList();
                return Enumerable.Range(0, n).Select(i => i < order.Count ? order[i] : Filler).ToArray();
            }
            case TaskKind.Dyck1 or TaskKind.Dyck2: return DyckPtf(input);
            default: throw new UserError($"task {TaskNames.Name(kind)} has no per-position outputs");
        }
    }

    private static double SortKey(string s) => double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : double.MaxValue;

    private static string[] DyckPtf(IReadOnlyList<string> input)
    {
        var stack = new Stack<string>();
        bool failed = false;
        var output = new string[input.Count];
        for (int i = 0; i < input.Count; i++)
        {
            string t = input[i];
            if (!failed)
            {
                if (t is "(" or "[") stack.Push(t);
                else if (stack.Count > 0 && stack.Peek() == (t == ")" ? "(" : "[")) stack.Pop();
                else failed = true;
            }
            output[i] = failed ? "F" : stack.Count == 0 ? "T" : "P";
        }
        return output;
    }

    private static string[] DyckInput(Random random, int n, int kinds)
    {
        // A random walk that mostly keeps the brackets well nested, so T, P and F prefixes all occur often;
        // with probability 1/4 one position is replaced by a random bracket.
        var open = kinds == 1 ? new[] { "(" } : ["(", "["];
        var stack = new Stack<int>();
        var result = new string[n];
        for (int i = 0; i < n; i++)
        {
            bool close = stack.Count > 0 && (stack.Count >= n - i || random.Next(2) == 0);
            if (close) result[i] = stack.Pop() == 0 ? ")" : "]";
            else { int k = random.Next(kinds); stack.Push(k); result[i] = open[k]; }
        }
        if (random.Next(4) == 0)
        {
            var all = kinds == 1 ? new[] { "(", ")" } : ["(", ")", "[", "]"];
            result[random.Next(n)] = all[random.Next(all.Length)];
        }
        return result;
    }
}
