using System.Globalization;

namespace Glassbox.Rasp.Library;

/// <summary>A program from the catalogue: its canonical spec, what it computes, the tree and the semantics to evaluate it with.</summary>
/// <param name="Spec">The canonical <c>NAME:args</c> with every default filled in, e.g. <c>sort:1</c>.</param>
/// <param name="Summary">One line saying what the program computes.</param>
/// <param name="Program">The s-op.</param>
/// <param name="Semantics">Tracr's programs use <see cref="AggregateSemantics.Tracr"/>, the RASP paper's <see cref="AggregateSemantics.Rasp01"/>.</param>
public sealed record LibraryProgram(string Spec, string Summary, SOp Program, AggregateSemantics Semantics);

/// <summary>
/// The catalogue behind <c>--lib NAME[:args]</c>: Tracr's library (<see cref="TracrLibrary"/>) and the RASP paper's
/// programs (<see cref="RaspPaper"/>). Arguments are comma-separated atoms; an argument that parses as an integer
/// is an int, anything else a string.
/// </summary>
public static class RaspLibrary
{
    private sealed record Entry(string Name, string Usage, string Summary, AggregateSemantics Semantics, string[] Defaults,
        Func<IReadOnlyList<Value>, int, SOp> Build);

    private static readonly Entry[] Entries =
    [
        new("length", "length", "the sequence length at every position", AggregateSemantics.Tracr, [], (_, _) => TracrLibrary.MakeLength()),
        new("reverse", "reverse", "the tokens reversed", AggregateSemantics.Tracr, [], (_, _) => TracrLibrary.MakeReverse(Rasp.Tokens)),
        new("hist", "hist", "how often each position's token occurs", AggregateSemantics.Tracr, [], (_, _) => TracrLibrary.MakeHist()),
        new("sort_unique", "sort_unique", "tokens sorted ascending (tokens must be distinct)", AggregateSemantics.Tracr, [],
            (_, _) => TracrLibrary.MakeSortUnique(Rasp.Tokens, Rasp.Tokens)),
        new("sort", "sort[:MIN_KEY]", "tokens sorted ascending, stable (numeric tokens)", AggregateSemantics.Tracr, ["1"],
            (a, n) => TracrLibrary.MakeSort(Rasp.Tokens, Rasp.Tokens, n, a[0])),
        new("sort_freq", "sort_freq", "tokens by descending frequency, ties in input order", AggregateSemantics.Tracr, [],
            (_, n) => TracrLibrary.MakeSortFreq(n)),
        new("frac_prevs", "frac_prevs[:TOKEN]", "the fraction of positions so far holding TOKEN (numerical)", AggregateSemantics.Tracr, ["1"],
            (a, _) => TracrLibrary.MakeFracPrevs(Rasp.Tokens.Eq(a[0]))),
        new("shift_by", "shift_by[:OFFSET]", "tokens shifted right by OFFSET, None before", AggregateSemantics.Tracr, ["1"],
            (a, _) => TracrLibrary.ShiftBy((int)a[0].AsLong(), Rasp.Tokens)),
        new("detect_pattern", "detect_pattern[:A,B,...]", "true where the pattern ends, None before it could", AggregateSemantics.Tracr, ["1", "2"],
            (a, _) => TracrLibrary.DetectPattern(Rasp.Tokens, a)),
        new("count_less_freq", "count_less_freq[:N]", "how many positions hold a token occurring at most N times", AggregateSemantics.Tracr, ["2"],
            (a, _) => TracrLibrary.MakeCountLessFreq((int)a[0].AsLong())),
        new("count", "count[:TOKEN]", "how many positions hold TOKEN", AggregateSemantics.Tracr, ["1"],
            (a, _) => TracrLibrary.MakeCount(Rasp.Tokens, a[0])),
        new("pair_balance", "pair_balance[:OPEN,CLOSE]", "(#OPEN - #CLOSE) / (i + 1) over each prefix (numerical)", AggregateSemantics.Tracr, ["(", ")"],
            (a, _) => TracrLibrary.MakePairBalance(Rasp.Tokens, a[0], a[1])),
        new("shuffle_dyck", "shuffle_dyck[:PAIR,PAIR,...]", "whether the tokens are shuffle-Dyck over the pairs", AggregateSemantics.Tracr, ["()", "{}"],
            (a, _) => TracrLibrary.MakeShuffleDyck(a.Select(v => v.ToString()).ToList())),
        new("shuffle_dyck2", "shuffle_dyck2", "whether the tokens are shuffle-Dyck over () and {}", AggregateSemantics.Tracr, [],
            (_, _) => TracrLibrary.MakeShuffleDyck2()),
        new("nary_sequencemap", "nary_sequencemap", "x + y - z over (tokens, tokens, indices)", AggregateSemantics.Tracr, [],
            (_, _) => TracrLibrary.MakeNarySequenceMap(
                SequenceFunction.Custom("x + y - z", 3, v => ValueOps.Sub(ValueOps.Add(v[0], v[1]), v[2])), Rasp.Tokens, Rasp.Tokens, Rasp.Indices)),
        new("rasp_reverse", "rasp_reverse", "RASP paper: reverse (2 layers, 1 head)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.Reverse()),
        new("hist_bos", "hist_bos", "RASP paper: histogram after a BOS § (1 layer, 1 head)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.HistBos()),
        new("hist_nobos", "hist_nobos", "RASP paper: histogram without BOS (1 layer, 2 heads)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.HistNoBos()),
        new("hist2_bos", "hist2_bos", "RASP paper: double histogram after a BOS § (2 layers, 2 heads)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.Hist2Bos()),
        new("sort_bos", "sort_bos", "RASP paper: sort after a BOS § (2 layers, 1 head)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.SortBos()),
        new("most_freq", "most_freq", "RASP paper: distinct tokens by frequency after a BOS § (3 layers, 2 heads)", AggregateSemantics.Rasp01, [],
            (_, _) => RaspPaper.SortByMostFreq()),
        new("dyck1_ptf", "dyck1_ptf", "RASP paper: Dyck-1 prefix P/T/F (2 layers, 1 head)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.Dyck1Ptf()),
        new("dyck2_ptf", "dyck2_ptf", "RASP paper: Dyck-2 prefix P/T/F (4 layers, 2 heads)", AggregateSemantics.Rasp01, [], (_, _) => RaspPaper.Dyck2Ptf()),
    ];

    /// <summary>The usage line of every program (<c>NAME[:ARGS]</c>) with its summary, for help texts.</summary>
    public static IReadOnlyList<(string Usage, string Summary)> Catalogue =>
        Entries.Select(e => (e.Defaults.Length == 0 ? e.Usage : $"{e.Usage} (default {string.Join(",", e.Defaults)})", e.Summary)).ToList();

    /// <summary>The program names.</summary>
    public static IReadOnlyList<string> Names => Entries.Select(e => e.Name).ToList();

    /// <summary>
    /// Builds the program named by <paramref name="spec"/> (<c>NAME</c> or <c>NAME:arg,arg</c>). Programs that
    /// depend on the maximum sequence length (sort, sort_freq) use <paramref name="maxSeqLen"/>.
    /// Unknown names and bad arguments are <see cref="UserError"/>s.
    /// </summary>
    public static LibraryProgram Resolve(string spec, int maxSeqLen = 5)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int colon = spec.IndexOf(':');
        string name = (colon < 0 ? spec : spec[..colon]).Trim();
        var entry = Entries.FirstOrDefault(e => e.Name == name)
            ?? throw new UserError($"unknown library program '{name}'; known: {string.Join(", ", Names)}");
        string[] rawArgs = colon < 0 ? entry.Defaults : spec[(colon + 1)..].Split(',');
        if (colon >= 0 && entry.Defaults.Length == 0)
            throw new UserError($"library program '{name}' takes no arguments (usage: {entry.Usage})");
        if (entry.Name is not ("detect_pattern" or "shuffle_dyck") && rawArgs.Length != entry.Defaults.Length)
            throw new UserError($"library program '{name}' takes {entry.Defaults.Length} argument(s), got {rawArgs.Length} (usage: {entry.Usage})");
        if (rawArgs.Any(a => a.Length == 0))
            throw new UserError($"library program '{name}' has an empty argument in '{spec}' (usage: {entry.Usage})");
        var args = rawArgs.Select(ParseAtom).ToList();
        if (entry.Name is "sort" && !args[0].IsNumeric)
            throw new UserError($"sort's MIN_KEY must be a number, got '{rawArgs[0]}'");
        if (entry.Name is "shift_by" or "count_less_freq" && !args[0].IsIntegral)
            throw new UserError($"{entry.Name}'s argument must be an integer, got '{rawArgs[0]}'");
        if (maxSeqLen <= 0) throw new UserError($"max_seq_len must be positive, got {maxSeqLen}");
        string canonical = rawArgs.Length == 0 ? name : $"{name}:{string.Join(",", rawArgs)}";
        SOp program;
        try { program = entry.Build(args, maxSeqLen); }
        catch (RaspError e) { throw new UserError($"library program '{spec}': {e.Message}"); }
        return new LibraryProgram(canonical, entry.Summary, program, entry.Semantics);
    }

    private static Value ParseAtom(string s) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? Value.Int(l) : Value.String(s);
}
