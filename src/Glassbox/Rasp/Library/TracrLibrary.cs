namespace Glassbox.Rasp.Library;

/// <summary>
/// Tracr's program library (tracr.md §3, <c>compiler/lib.py</c>) in the C# DSL, with Tracr's names, node
/// structure, node names and encodings. Evaluate with <see cref="AggregateSemantics.Tracr"/>: aggregate
/// defaults are None unless Tracr gives one. One deliberate difference: <see cref="MakeNarySequenceMap"/> is a
/// single n-ary <see cref="SequenceMap"/> instead of Tracr's chain of tuple-valued maps.
/// </summary>
public static class TracrLibrary
{
    /// <summary>The shared <c>length</c> node (Tracr's module-level <c>length = make_length()</c>), reused by reverse and shuffle_dyck.</summary>
    public static SOp Length { get; } = MakeLength();

    /// <summary><c>make_length</c>: <c>SelectorWidth(Select(tokens, tokens, TRUE))</c>, n at every position.</summary>
    public static SOp MakeLength() =>
        Rasp.SelectorWidth(Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.True).Named("all_true_selector")).Named("length");

    /// <summary><c>make_reverse(sop)</c>: <c>Aggregate(Select(indices, length - indices - 1, EQ), sop)</c>.</summary>
    public static SOp MakeReverse(SOp sop)
    {
        var oppIdx = (Length - Rasp.Indices).Named("opp_idx");
        oppIdx = (oppIdx - 1).Named("opp_idx-1");
        var reverseSelector = Rasp.Select(Rasp.Indices, oppIdx, Comparison.Eq).Named("reverse_selector");
        return Rasp.Aggregate(reverseSelector, sop).Named("reverse");
    }

    /// <summary><c>make_hist()</c>: how many times each position's token occurs.</summary>
    public static SOp MakeHist() =>
        Rasp.SelectorWidth(Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq).Named("same_tok")).Named("hist");

    /// <summary><c>make_sort_unique(vals, keys)</c>: moves each value to the number of smaller keys (keys must be unique).</summary>
    public static SOp MakeSortUnique(SOp vals, SOp keys)
    {
        var smaller = Rasp.Select(keys, keys, Comparison.Lt).Named("smaller");
        var targetPos = Rasp.SelectorWidth(smaller).Named("target_pos");
        var selNew = Rasp.Select(targetPos, Rasp.Indices, Comparison.Eq).Named("sel_new");
        return Rasp.Aggregate(selNew, vals).Named("sort");
    }

    /// <summary>
    /// <c>make_sort(vals, keys, max_seq_len, min_key)</c>: a stable sort for repeated keys, making keys unique with
    /// <c>key + min_key * index / max_seq_len</c> (needs <paramref name="minKey"/> ≤ the smallest gap between keys).
    /// </summary>
    public static SOp MakeSort(SOp vals, SOp keys, int maxSeqLen, Value minKey)
    {
        if (maxSeqLen <= 0) throw new RaspError($"make_sort needs a positive max_seq_len, got {maxSeqLen}");
        var unique = Rasp.SequenceMap(
            SequenceFunction.Custom($"x + {minKey.Repr()} * y / {maxSeqLen}",
                (x, i) => ValueOps.Add(x, ValueOps.Div(ValueOps.Mul(minKey, i), maxSeqLen))),
            keys, Rasp.Indices).Named("keys");
        return MakeSortUnique(vals, unique);
    }

    /// <summary><c>make_sort_freq(max_seq_len)</c>: tokens by descending frequency, ties in input order.</summary>
    public static SOp MakeSortFreq(int maxSeqLen)
    {
        var hist = (-1 * MakeHist()).Named("hist");
        return MakeSort(Rasp.Tokens, hist, maxSeqLen, 1).Named("sort_freq");
    }

    /// <summary><c>make_frac_prevs(bools)</c>: the fraction of positions up to here where <paramref name="bools"/> is true (numerical).</summary>
    public static SOp MakeFracPrevs(SOp bools)
    {
        bools = Rasp.Numerical(bools);
        var prevs = Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Leq).Named("prevs");
        return Rasp.Numerical(Rasp.Aggregate(prevs, bools, 0)).Named("frac_prevs");
    }

    /// <summary><c>shift_by(offset, sop)</c>: out[i] = sop[i − offset], None before.</summary>
    public static SOp ShiftBy(int offset, SOp sop)
    {
        var select = Rasp.Select(Rasp.Indices, Rasp.Indices, Predicate.Custom($"q == k + {offset}",
            (k, q) => ValueOps.PyEquals(q, ValueOps.Add(k, offset)))).Named($"select_off_by_{offset}");
        return Rasp.Aggregate(select, sop, Value.None).Named($"shift_by({offset})");
    }

    /// <summary><c>detect_pattern(sop, pattern)</c>: true at the last position of each occurrence of the pattern, None before it could end.</summary>
    public static SOp DetectPattern(SOp sop, IReadOnlyList<Value> pattern)
    {
        if (pattern.Count == 0) throw new RaspError("detect_pattern needs a non-empty pattern");
        var detectors = new List<SOp>();
        for (int i = 0; i < pattern.Count; i++)
        {
            var element = pattern[pattern.Count - 1 - i];
            SOp detector = sop.Eq(element).Named($"detector_{element}");
            if (i != 0) detector = ShiftBy(i, detector);
            detectors.Add(detector);
        }
        var detected = detectors[^1];
        for (int i = detectors.Count - 2; i >= 0; i--) detected = detected & detectors[i];
        return detected.Named($"detect_pattern_{string.Join("", pattern)}");
    }

    /// <summary><c>make_count_less_freq(n)</c>: the number of positions whose token occurs at most <paramref name="n"/> times.</summary>
    public static SOp MakeCountLessFreq(int n)
    {
        var hist = MakeHist();
        var selectLess = Rasp.Select(hist, hist, Predicate.Custom($"k <= {n}", (k, _) => ValueOps.Leq(k, n).AsBool())).Named("select_less");
        return Rasp.SelectorWidth(selectLess).Named("count_less_freq");
    }

    /// <summary><c>make_count(sop, token)</c>: how many positions hold <paramref name="token"/>, broadcast.</summary>
    public static SOp MakeCount(SOp sop, Value token) =>
        Rasp.SelectorWidth(Rasp.Select(sop, sop, Predicate.Custom($"k == {token.Repr()}", (k, _) => ValueOps.PyEquals(k, token)))
            .Named($"select_{token}")).Named($"count_{token}");

    /// <summary>
    /// <c>make_pair_balance(sop, open, close)</c>: (#open − #close) / (i + 1) over the prefix, numerical.
    /// </summary>
    public static SOp MakePairBalance(SOp sop, Value open, Value close)
    {
        var boolsOpen = Rasp.Numerical(sop.Eq(open)).Named("bools_open");
        var opens = Rasp.Numerical(MakeFracPrevs(boolsOpen)).Named("opens");
        var boolsClose = Rasp.Numerical(sop.Eq(close)).Named("bools_close");
        var closes = Rasp.Numerical(MakeFracPrevs(boolsClose)).Named("closes");
        return Rasp.Numerical(Rasp.SequenceMap(SequenceFunction.Linear(1, -1), opens, closes)).Named("pair_balance");
    }

    /// <summary>
    /// <c>make_shuffle_dyck(pairs)</c>: true everywhere iff no prefix closes more than it opened, for any pair, and
    /// every pair balances at the end.
    /// </summary>
    public static SOp MakeShuffleDyck(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0 || pairs.Any(p => p.Length != 2))
            throw new RaspError("make_shuffle_dyck needs bracket pairs of two characters each, e.g. \"()\"");
        var balances = pairs.Select(p => MakePairBalance(Rasp.Tokens, p[0].ToString(), p[1].ToString()).Named($"balance_{p}")).ToList();
        SOp anyNegative = balances[0].Lt(0);
        foreach (var b in balances.Skip(1)) anyNegative = anyNegative | b.Lt(0);
        anyNegative = Rasp.Numerical(Rasp.Map(ElementFunction.Identity, anyNegative)).Named("any_negative");
        var selectAll = Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.True).Named("select_all");
        var hasNeg = Rasp.Numerical(Rasp.Aggregate(selectAll, anyNegative, 0)).Named("has_neg");
        SOp allZero = balances[0].Eq(0);
        foreach (var b in balances.Skip(1)) allZero = allZero & b.Eq(0);
        allZero = allZero.Named("all_zero");
        var selectLast = Rasp.Select(Rasp.Indices, Length - 1, Comparison.Eq).Named("select_last");
        var lastZero = Rasp.Aggregate(selectLast, allZero).Named("last_zero");
        var notHasNeg = (!hasNeg).Named("not_has_neg");
        return (lastZero & notHasNeg).Named("shuffle_dyck");
    }

    /// <summary><c>make_shuffle_dyck2()</c>: shuffle-Dyck over "()" and "{}".</summary>
    public static SOp MakeShuffleDyck2() => MakeShuffleDyck(["()", "{}"]).Named("shuffle_dyck2");

    /// <summary>
    /// <c>make_nary_sequencemap(f, *sops)</c> as one n-ary <see cref="SequenceMap"/> (Tracr chains tuple-valued
    /// maps; the values are the same).
    /// </summary>
    public static SOp MakeNarySequenceMap(SequenceFunction f, params SOp[] sops) =>
        Rasp.SequenceMap(f, sops).Named("nary_sequencemap");
}
