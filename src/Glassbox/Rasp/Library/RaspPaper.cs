namespace Glassbox.Rasp.Library;

/// <summary>
/// The programs of "Thinking Like Transformers" (RASP paper, rasp.md §3) in the C# DSL, built the way RASP 0.1
/// text builds them (each member's doc gives the RASP text it mirrors), so the text language and this class build
/// equal trees and the RASP analysis gives the paper's sizes: reverse 2/1, hist_bos 1/1, hist_nobos 1/2,
/// hist2_bos 2/2, sort_bos 2/1, sort_by_most_freq 3/2, dyck1_ptf 2/1, dyck2_ptf 4/2 (layers/max heads).
/// Programs named *_bos expect the BOS symbol <see cref="Bos"/> at position 0. Evaluate with
/// <see cref="AggregateSemantics.Rasp01"/>; omitted aggregate defaults are RASP 0.1's 0.
/// </summary>
public static class RaspPaper
{
    /// <summary>The BOS symbol of the RASP REPL examples.</summary>
    public const string Bos = "§";

    /// <summary>
    /// The selector width when position 0 holds a BOS that no query selects otherwise (one head):
    /// <c>round(1 / aggregate(sel or select(indices, 0, ==), indicator(indices == 0))) - 1</c>.
    /// </summary>
    public static SOp BosSelectorWidth(Selector sel)
    {
        var withBos = sel | Rasp.Select(Rasp.Indices, Rasp.Full(0), Comparison.Eq);
        return Rasp.Round(1 / Rasp.Aggregate(withBos, Rasp.Indicator(Rasp.Indices.Eq(0)), 0)) - 1;
    }

    /// <summary>
    /// <c>reverse = aggregate(select(indices, length - indices - 1, ==), tokens);</c> with rasplib's
    /// <see cref="RaspLib.Length"/>; "abcde" gives [e, d, c, b, a].
    /// </summary>
    public static SOp Reverse()
    {
        var flip = Rasp.Select(Rasp.Indices, RaspLib.Length - Rasp.Indices - 1, Comparison.Eq).Named("flip");
        return Rasp.Aggregate(flip, Rasp.Tokens, 0).Named("reverse");
    }

    /// <summary><c>hist_bos = bos_selector_width(select(tokens, tokens, ==));</c> "§aabbbc" gives [0, 2, 2, 3, 3, 3, 1].</summary>
    public static SOp HistBos() => BosSelectorWidth(Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq).Named("same_tok")).Named("hist_bos");

    /// <summary><c>hist_nobos = selector_width(select(tokens, tokens, ==));</c> (rasplib's two-head width); "aabbbc" gives [2, 2, 3, 3, 3, 1].</summary>
    public static SOp HistNoBos() => RaspLib.SelectorWidth(Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq).Named("same_tok")).Named("hist_nobos");

    /// <summary>
    /// The number of distinct tokens with the same count as this position's token; "§abbc" gives [0, 2, 1, 1, 2].
    /// <code>
    /// same_tok = select(tokens, tokens, ==);
    /// hist = bos_selector_width(same_tok);
    /// has_prev = aggregate(same_tok and select(indices, indices, &lt;), 1, 0) > 0;
    /// first = not has_prev;
    /// hist2_bos = bos_selector_width(select(hist, hist, ==) and select(first, True, ==));
    /// </code>
    /// </summary>
    public static SOp Hist2Bos()
    {
        var sameTok = Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq).Named("same_tok");
        var hist = BosSelectorWidth(sameTok).Named("hist");
        var hasPrev = Rasp.Aggregate(sameTok & Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt), Rasp.Full(1), 0).Gt(0).Named("has_prev");
        var first = Rasp.Not(hasPrev).Named("first");
        var sameCount = Rasp.Select(hist, hist, Comparison.Eq) & Rasp.Select(first, Rasp.Full(true), Comparison.Eq);
        return BosSelectorWidth(sameCount).Named("hist2_bos");
    }

    /// <summary>
    /// Sorts <paramref name="seq"/> by <paramref name="key"/> (stable) behind a BOS at position 0; with tokens for
    /// both, "§dcba" gives [§, a, b, c, d].
    /// <code>
    /// def sort_bos(seq, key) {
    ///     smaller = select(key, key, &lt;) or (select(key, key, ==) and select(indices, indices, &lt;));
    ///     target_pos = 0 if indices == 0 else bos_selector_width(smaller) + 1;
    ///     return aggregate(select(target_pos, indices, ==), seq);
    /// }
    /// </code>
    /// </summary>
    public static SOp SortBos(SOp seq, SOp key)
    {
        var smaller = (Rasp.Select(key, key, Comparison.Lt)
            | (Rasp.Select(key, key, Comparison.Eq) & Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt))).Named("smaller");
        var targetPos = Rasp.Where(Rasp.Indices.Eq(0), 0, BosSelectorWidth(smaller) + 1).Named("target_pos");
        return Rasp.Aggregate(Rasp.Select(targetPos, Rasp.Indices, Comparison.Eq).Named("move"), seq, 0);
    }

    /// <summary><c>sort_bos(tokens, tokens)</c>.</summary>
    public static SOp SortBos() => SortBos(Rasp.Tokens, Rasp.Tokens).Named("sort_bos");

    /// <summary>
    /// The distinct tokens by decreasing frequency (ties by first position), padded with BOS;
    /// "§abbccddd" gives [§, d, b, c, a, §, §, §, §].
    /// <code>
    /// same_tok = select(tokens, tokens, ==);
    /// hist = bos_selector_width(same_tok);
    /// has_prev = aggregate(same_tok and select(indices, indices, &lt;), 1, 0) > 0;
    /// filtered = "§" if has_prev else tokens;           # later copies become BOS symbols
    /// freq = hist - 100 * indicator(has_prev);          # ... and sink below every real frequency
    /// sort_by_most_freq = sort_bos(filtered, -freq);
    /// </code>
    /// </summary>
    public static SOp SortByMostFreq()
    {
        var sameTok = Rasp.Select(Rasp.Tokens, Rasp.Tokens, Comparison.Eq).Named("same_tok");
        var hist = BosSelectorWidth(sameTok).Named("hist");
        var hasPrev = Rasp.Aggregate(sameTok & Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt), Rasp.Full(1), 0).Gt(0).Named("has_prev");
        var filtered = Rasp.Where(hasPrev, Bos, Rasp.Tokens).Named("filtered");
        var freq = (hist - 100 * Rasp.Indicator(hasPrev)).Named("freq");
        return SortBos(filtered, -freq).Named("sort_by_most_freq");
    }

    /// <summary>
    /// Dyck-1 PTF: per prefix, T if balanced, P if it can still be completed, F if it never can; "()())" gives [P, T, P, T, F].
    /// <code>
    /// up_to_self = select(indices, indices, &lt;=);
    /// n_opens = round((indices + 1) * aggregate(up_to_self, indicator(tokens == "(")));
    /// n_closes = round((indices + 1) * aggregate(up_to_self, indicator(tokens == ")")));
    /// balance = n_opens - n_closes;
    /// any_negative = aggregate(up_to_self, indicator(balance &lt; 0)) > 0;
    /// dyck1_ptf = "F" if any_negative else "T" if balance == 0 else "P";
    /// </code>
    /// </summary>
    public static SOp Dyck1Ptf()
    {
        var upToSelf = Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Leq).Named("up_to_self");
        var balance = Balance(upToSelf, Rasp.Tokens.Eq("("), Rasp.Tokens.Eq(")"));
        var anyNegative = Rasp.Aggregate(upToSelf, Rasp.Indicator(balance.Lt(0)), 0).Gt(0).Named("any_negative");
        return Rasp.Where(anyNegative, "F", Rasp.Where(balance.Eq(0), "T", "P")).Named("dyck1_ptf");
    }

    private static SOp Balance(Selector upToSelf, SOp isOpen, SOp isClose)
    {
        var nOpens = Rasp.Round((Rasp.Indices + 1) * Rasp.Aggregate(upToSelf, Rasp.Indicator(isOpen), 0)).Named("n_opens");
        var nCloses = Rasp.Round((Rasp.Indices + 1) * Rasp.Aggregate(upToSelf, Rasp.Indicator(isClose), 0)).Named("n_closes");
        return (nOpens - nCloses).Named("balance");
    }

    /// <summary>
    /// Dyck-k PTF for the given bracket pairs (e.g. "()", "{}"), pure RASP without select-best: 4 layers, heads 1/2/1/1.
    /// <code>
    /// def dyckk_ptf(pairs) {                 # pairs = ["()", "{}"]; openers/closers = first/second characters
    ///     up_to_self = select(indices, indices, &lt;=);
    ///     is_open = tokens in openers;
    ///     is_close = tokens in closers;
    ///     n_opens = round((indices + 1) * aggregate(up_to_self, indicator(is_open)));
    ///     n_closes = round((indices + 1) * aggregate(up_to_self, indicator(is_close)));
    ///     balance = n_opens - n_closes;
    ///     depth = balance if is_open else balance + 1;         # the depth of the opener a closer must match
    ///     same_depth = select(depth, depth, ==);
    ///     depth_index = selector_width(same_depth and up_to_self and select(is_open, True, ==));
    ///     opener = aggregate(same_depth and select(depth_index, depth_index, ==) and select(is_open, True, ==), tokens, "");
    ///     mismatch = is_close and not (opener + tokens in pairs);
    ///     failed = aggregate(up_to_self, indicator(balance &lt; 0 or mismatch)) > 0;
    ///     return "F" if failed else "T" if balance == 0 else "P";
    /// }
    /// </code>
    /// "({})" gives [P, P, P, T]; "({)}" gives [P, P, F, F]; "(}" gives [P, F].
    /// </summary>
    public static SOp DyckKPtf(IReadOnlyList<string> pairs)
    {
        if (pairs.Count == 0 || pairs.Any(p => p.Length != 2))
            throw new RaspError("dyckk_ptf needs bracket pairs of two characters each, e.g. \"()\"");
        var openers = pairs.Select(p => (Value)p[0].ToString()).ToArray();
        var closers = pairs.Select(p => (Value)p[1].ToString()).ToArray();
        var upToSelf = Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Leq).Named("up_to_self");
        var isOpen = Rasp.In(Rasp.Tokens, openers).Named("is_open");
        var isClose = Rasp.In(Rasp.Tokens, closers).Named("is_close");
        var balance = Balance(upToSelf, isOpen, isClose);
        var depth = Rasp.Where(isOpen, balance, balance + 1).Named("depth");
        var sameDepth = Rasp.Select(depth, depth, Comparison.Eq).Named("same_depth");
        var openKey = Rasp.Select(isOpen, Rasp.Full(true), Comparison.Eq);
        var depthIndex = RaspLib.SelectorWidth(sameDepth & upToSelf & openKey).Named("depth_index");
        var matchSel = sameDepth & Rasp.Select(depthIndex, depthIndex, Comparison.Eq) & openKey;
        var opener = Rasp.Aggregate(matchSel, Rasp.Tokens, "").Named("opener");
        var mismatch = (isClose & Rasp.Not(Rasp.In(opener + Rasp.Tokens, pairs.Select(p => (Value)p).ToArray()))).Named("mismatch");
        var failed = Rasp.Aggregate(upToSelf, Rasp.Indicator(balance.Lt(0) | mismatch), 0).Gt(0).Named("failed");
        return Rasp.Where(failed, "F", Rasp.Where(balance.Eq(0), "T", "P")).Named("dyck_ptf");
    }

    /// <summary><c>dyck2_ptf = dyckk_ptf(["()", "{}"]);</c></summary>
    public static SOp Dyck2Ptf() => DyckKPtf(["()", "{}"]).Named("dyck2_ptf");

    /// <summary><c>dyck3_ptf = dyckk_ptf(["()", "{}", "[]"]);</c></summary>
    public static SOp Dyck3Ptf() => DyckKPtf(["()", "{}", "[]"]).Named("dyck3_ptf");
}
