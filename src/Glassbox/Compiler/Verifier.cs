using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>The outcome of checking a compiled model against the evaluator.</summary>
/// <param name="Inputs">Inputs tried.</param>
/// <param name="Compared">Inputs where the evaluator gave an output, all positions compared.</param>
/// <param name="Undefined">Inputs where the evaluator refused (e.g. a categorical aggregate selecting two positions
/// under Tracr semantics): the program has no output there, so there is nothing to compare.</param>
/// <param name="Mismatches">Compared inputs where some position differs.</param>
/// <param name="Examples">Up to five mismatches, as "input → expected / got".</param>
public sealed record VerificationResult(int Inputs, int Compared, int Undefined, int Mismatches, IReadOnlyList<string> Examples);

/// <summary>
/// Checks a compiled model against the RASP evaluator (the compiled semantics, causal when compiled causal): categorical
/// outputs must be equal, numerical ones within 1e-6, and None must decode as None. Inputs the compiler's dynamic
/// validation already evaluated (every input up to max_seq_len when there are at most 20 000) take the evaluator's
/// output from there instead of evaluating the program again.
/// </summary>
public static class Verifier
{
    /// <summary>Numerical tolerance.</summary>
    public const double Tolerance = 1e-6;

    /// <summary>The inputs a check mode names: <c>exhaustive</c> (refused above 2,000,000) or <c>random:K</c> (K seeded random inputs).</summary>
    public static IEnumerable<IReadOnlyList<Value>> Inputs(IReadOnlyList<Value> vocabulary, int maxLen, string mode, int seed)
    {
        if (mode == "exhaustive")
        {
            var count = ExhaustiveCount(vocabulary.Count, maxLen);
            return count <= 2_000_000 ? Exhaustive(vocabulary, maxLen)
                : throw new UserError($"--verify exhaustive would run {count:G3} inputs; use --verify random:K");
        }
        if (mode.StartsWith("random:", StringComparison.Ordinal) &&
            int.TryParse(mode["random:".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k > 0)
            return Random(vocabulary, maxLen, k, seed);
        throw new UserError($"--verify '{mode}' is not exhaustive or random:K");
    }

    /// <summary>Every sequence over <paramref name="vocabulary"/> of length 1…<paramref name="maxLen"/>, shortest first.</summary>
    public static IEnumerable<IReadOnlyList<Value>> Exhaustive(IReadOnlyList<Value> vocabulary, int maxLen)
    {
        for (var len = 1; len <= maxLen; len++)
        {
            var idx = new int[len];
            while (true)
            {
                yield return idx.Select(i => vocabulary[i]).ToArray();
                var j = len - 1;
                while (j >= 0 && ++idx[j] == vocabulary.Count) { idx[j] = 0; j--; }
                if (j < 0) break;
            }
        }
    }

    /// <summary>Number of exhaustive inputs (saturates at long.MaxValue).</summary>
    public static double ExhaustiveCount(int vocabulary, int maxLen) =>
        Enumerable.Range(1, maxLen).Sum(l => Math.Pow(vocabulary, l));

    /// <summary><paramref name="count"/> seeded random inputs with uniformly drawn lengths 1…maxLen.</summary>
    public static IEnumerable<IReadOnlyList<Value>> Random(IReadOnlyList<Value> vocabulary, int maxLen, int count, int seed)
    {
        var rng = new System.Random(seed);
        for (var i = 0; i < count; i++)
        {
            var len = rng.Next(1, maxLen + 1);
            yield return Enumerable.Range(0, len).Select(_ => vocabulary[rng.Next(vocabulary.Count)]).ToArray();
        }
    }

    /// <summary>
    /// The evaluator's output for <paramref name="input"/> under the compiled semantics, taken from the validator's
    /// cache when it holds the input; null where the evaluator gives no output.
    /// </summary>
    internal static IReadOnlyList<Value>? Expected(Compilation c, RaspEvaluator evaluator, IReadOnlyList<Value> input)
    {
        if (c.Coverage.Outputs is { } known && known.TryGetValue(input, out var cached)) return cached;
        try { return evaluator.Evaluate(c.Program, input); }
        catch (RaspError) { return null; }
    }

    /// <summary>
    /// <see cref="Verify"/> with the compiled model run on the Glassbox engine (<paramref name="engine"/>, or one built
    /// here by <see cref="EngineModel.Build(CompiledModel)"/>).
    /// </summary>
    public static VerificationResult VerifyOnEngine(Compilation c, IEnumerable<IReadOnlyList<Value>> inputs, Transformers.Transformer<double>? engine = null)
    {
        engine ??= EngineModel.Build(c.Model);
        return Verify(c, inputs, batch => EngineModel.Run(c.Model, engine, batch));
    }

    /// <summary>Runs the evaluator on every input (refusals included), for timing it as a baseline.</summary>
    public static void EvaluateAll(Compilation c, IEnumerable<IReadOnlyList<Value>> inputs)
    {
        var evaluator = new RaspEvaluator(c.Options.Semantics, c.Options.Causal);
        foreach (var input in inputs)
        {
            try { evaluator.Evaluate(c.Program, input); }
            catch (RaspError) { }
        }
    }

    /// <summary>Runs <paramref name="inputs"/> through <paramref name="run"/> (a batch runner, e.g. the engine) and
    /// through the evaluator, and compares.</summary>
    public static VerificationResult Verify(Compilation c, IEnumerable<IReadOnlyList<Value>> inputs,
        Func<IReadOnlyList<IReadOnlyList<Value>>, IReadOnlyList<IReadOnlyList<Value>>> run)
    {
        var all = inputs.ToList();
        var got = run(all);
        var evaluator = new RaspEvaluator(c.Options.Semantics, c.Options.Causal);
        int compared = 0, undefined = 0, mismatches = 0;
        var examples = new List<string>();
        for (var i = 0; i < all.Count; i++)
        {
            if (Expected(c, evaluator, all[i]) is not { } expected) { undefined++; continue; }
            compared++;
            if (Same(expected, got[i], c.Model.Output.Numerical)) continue;
            mismatches++;
            if (examples.Count < 5)
                examples.Add($"[{string.Join(" ", all[i])}] → expected [{string.Join(", ", expected.Select(v => v.Repr()))}], got [{string.Join(", ", got[i].Select(v => v.Repr()))}]");
        }
        return new VerificationResult(all.Count, compared, undefined, mismatches, examples);
    }

    /// <summary>
    /// Whether a model output equals the evaluator's: categorical values equal, numerical ones within
    /// <paramref name="tolerance"/> (a NaN is never within it), None only matching None.
    /// </summary>
    public static bool Same(IReadOnlyList<Value> expected, IReadOnlyList<Value> got, bool numerical, double tolerance = Tolerance)
    {
        if (expected.Count != got.Count) return false;
        for (var p = 0; p < expected.Count; p++)
        {
            Value e = expected[p], g = got[p];
            if (e.IsNone || g.IsNone) { if (e.IsNone != g.IsNone) return false; continue; }
            if (numerical || (e.Kind == ValueKind.Float && g.IsNumeric))
            {
                if (!e.IsNumeric || !g.IsNumeric || !(Math.Abs(e.AsDouble() - g.AsDouble()) <= tolerance)) return false;
            }
            else if (!e.Equals(g)) return false;
        }
        return true;
    }
}
