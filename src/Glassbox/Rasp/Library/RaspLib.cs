namespace Glassbox.Rasp.Library;

/// <summary>
/// RASP 0.1's standard library (<c>rasplib.rasp</c>, semantics of rasp.md §2) written in the C# DSL with the
/// same construction the text language uses, so each function builds the tree its RASP text builds. Omitted
/// aggregate defaults are RASP 0.1's 0. <see cref="FullS"/> and <see cref="Length"/> are single shared nodes,
/// as in RASP 0.1 where they are defined once: programs that use them share their heads.
/// Evaluate these with <see cref="AggregateSemantics.Rasp01"/>.
/// </summary>
public static class RaspLib
{
    /// <summary><c>full_s = select(1, 1, ==);</c> — every query selects every key.</summary>
    public static Selector FullS { get; } = Rasp.Select(Rasp.Full(1), Rasp.Full(1), Comparison.Eq).Named("full_s");

    /// <summary><c>length = round(1 / aggregate(full_s, indicator(indices == 0)));</c> — n at every position (1 layer, 1 head).</summary>
    public static SOp Length { get; } =
        Rasp.Round(1 / Rasp.Aggregate(FullS, Rasp.Indicator(Rasp.Indices.Eq(0)), 0)).Named("length");

    /// <summary>
    /// <c>selector_width(sel)</c>, one layer and two heads:
    /// <code>
    /// def selector_width(sel) {
    ///     at0 = select(indices, 0, ==);
    ///     light0 = indicator(indices == 0);
    ///     sOR0 = sel or at0;        # always selects position 0: the mean of light0 is 1/(w'+1)
    ///     sAND0 = sel and at0;      # selects position 0 only where sel does
    ///     return round(1 / aggregate(sOR0, light0)) - 1 + aggregate(sAND0, light0);
    /// }
    /// </code>
    /// </summary>
    public static SOp SelectorWidth(Selector sel)
    {
        var at0 = Rasp.Select(Rasp.Indices, Rasp.Full(0), Comparison.Eq);
        var light0 = Rasp.Indicator(Rasp.Indices.Eq(0));
        var or0 = (sel | at0).Named("sOR0");
        var and0 = (sel & at0).Named("sAND0");
        return Rasp.Round(1 / Rasp.Aggregate(or0, light0, 0)) - 1 + Rasp.Aggregate(and0, light0, 0);
    }

    /// <summary><c>has_focus(sel) = aggregate(sel, 1, 0) > 0</c>: whether each query selects anything.</summary>
    public static SOp HasFocus(Selector sel) => Rasp.Aggregate(sel, Rasp.Full(1), 0).Gt(0);

    /// <summary><c>count(seq, atom) = round(length * aggregate(full_s, indicator(seq == atom)))</c>.</summary>
    public static SOp Count(SOp seq, Value atom) =>
        Rasp.Round(Length * Rasp.Aggregate(FullS, Rasp.Indicator(seq.Eq(atom)), 0));

    /// <summary><c>contains(seq, atom) = aggregate(full_s, indicator(seq == atom)) > 0</c>.</summary>
    public static SOp Contains(SOp seq, Value atom) => Rasp.Aggregate(FullS, Rasp.Indicator(seq.Eq(atom)), 0).Gt(0);

    /// <summary><c>max(a, b) = a if a > b else b</c>.</summary>
    public static SOp Max(SOp a, SOp b) => Rasp.Where(a.Gt(b), a, b);

    /// <summary><c>max(a, b) = a if a > b else b</c> with an atom <paramref name="b"/> (promoted to a constant s-op).</summary>
    public static SOp Max(SOp a, Value b) => Max(a, Rasp.Full(b));

    /// <summary><c>min(a, b) = a if a &lt; b else b</c>.</summary>
    public static SOp Min(SOp a, SOp b) => Rasp.Where(a.Lt(b), a, b);

    /// <summary><c>min(a, b) = a if a &lt; b else b</c> with an atom <paramref name="b"/>.</summary>
    public static SOp Min(SOp a, Value b) => Min(a, Rasp.Full(b));

    /// <summary><c>average(a) = aggregate(full_s, a)</c>: the mean of <paramref name="a"/>, broadcast.</summary>
    public static SOp Average(SOp a) => Rasp.Aggregate(FullS, a, 0);

    /// <summary><c>load_from_location(seq, location) = aggregate(select(indices, location, ==), seq)</c>.</summary>
    public static SOp LoadFromLocation(SOp seq, SOp location) =>
        Rasp.Aggregate(Rasp.Select(Rasp.Indices, location, Comparison.Eq), seq, 0);

    /// <summary><c>shift(seq, n, filler) = aggregate(select(indices + n, indices, ==), seq, filler)</c>: out[i] = seq[i − n].</summary>
    public static SOp Shift(SOp seq, Value n, Value filler) =>
        Rasp.Aggregate(Rasp.Select(Rasp.Indices + n, Rasp.Indices, Comparison.Eq), seq, filler);

    /// <summary><c>mark_last_instance(seq, val) = (seq == val) and not has_focus(select(seq, val, ==) and select(indices, indices, >))</c>.</summary>
    public static SOp MarkLastInstance(SOp seq, Value val) => MarkInstance(seq, val, Comparison.Gt);

    /// <summary><c>mark_first_instance(seq, val)</c>: as <see cref="MarkLastInstance"/> with <c>&lt;</c>.</summary>
    public static SOp MarkFirstInstance(SOp seq, Value val) => MarkInstance(seq, val, Comparison.Lt);

    private static SOp MarkInstance(SOp seq, Value val, Comparison other)
    {
        var hasVal = seq.Eq(val);
        var another = Rasp.Select(seq, Rasp.Full(val), Comparison.Eq) & Rasp.Select(Rasp.Indices, Rasp.Indices, other);
        return hasVal & Rasp.Not(HasFocus(another));
    }

    /// <summary><c>select_from_last(seq, val) = select(mark_last_instance(seq, val), True, ==)</c>.</summary>
    public static Selector SelectFromLast(SOp seq, Value val) => Rasp.Select(MarkLastInstance(seq, val), Rasp.Full(true), Comparison.Eq);

    /// <summary><c>select_from_first(seq, val) = select(mark_first_instance(seq, val), True, ==)</c>.</summary>
    public static Selector SelectFromFirst(SOp seq, Value val) => Rasp.Select(MarkFirstInstance(seq, val), Rasp.Full(true), Comparison.Eq);

    /// <summary>
    /// <c>sort(seq, key)</c>: <paramref name="seq"/> reordered by ascending <paramref name="key"/>, stable (keys may repeat);
    /// 2 layers, 2 heads then 1:
    /// <code>
    /// def sort(seq, key) {
    ///     smaller = select(key, key, &lt;) or (select(key, key, ==) and select(indices, indices, &lt;));
    ///     target_pos = selector_width(smaller);
    ///     select_new_val = select(target_pos, indices, ==);
    ///     return aggregate(select_new_val, seq);
    /// }
    /// </code>
    /// </summary>
    public static SOp Sort(SOp seq, SOp key)
    {
        var smaller = Rasp.Select(key, key, Comparison.Lt)
            | (Rasp.Select(key, key, Comparison.Eq) & Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt));
        var targetPos = SelectorWidth(smaller).Named("target_pos");
        var selectNewVal = Rasp.Select(targetPos, Rasp.Indices, Comparison.Eq).Named("select_new_val");
        return Rasp.Aggregate(selectNewVal, seq, 0);
    }

    /// <summary>
    /// <c>select_next_identical(seq)</c>: each query selects the next later position holding the same value.
    /// <code>
    /// def select_next_identical(seq) {
    ///     seen_before = selector_width(select(seq, seq, ==) and select(indices, indices, &lt;));
    ///     return select(seen_before, seen_before + 1, ==) and select(seq, seq, ==);
    /// }
    /// </code>
    /// </summary>
    public static Selector SelectNextIdentical(SOp seq)
    {
        var seenBefore = SelectorWidth(Rasp.Select(seq, seq, Comparison.Eq) & Rasp.Select(Rasp.Indices, Rasp.Indices, Comparison.Lt));
        return Rasp.Select(seenBefore, seenBefore + 1, Comparison.Eq) & Rasp.Select(seq, seq, Comparison.Eq);
    }
}
