using Glassbox.Compiler;
using Glassbox.Tensors;
using Glassbox.Transformers;

namespace Glassbox.Lens;

using Glassbox.Rasp;

/// <summary>
/// Interventions on a compiled model in the program's own terms: set one s-op's value at one position by writing
/// its named directions right after the block that computes it, and ask the evaluator what the program gives when
/// that s-op takes that value there (the program with the s-op replaced by "the s-op, but v at position p").
/// </summary>
public static class CompiledPatching
{
    /// <summary>
    /// Runs <paramref name="input"/> with s-op <paramref name="sop"/> set to <paramref name="value"/> at input position
    /// <paramref name="position"/> (0-based, BOS not counted), written into the residual at the stage where the
    /// s-op first appears; returns the decoded output.
    /// </summary>
    public static IReadOnlyList<Value> RunPatched(ResidualDecoder decoder, SopDirections sop, IReadOnlyList<Value> input, int position, Value value)
    {
        var model = decoder.Model;
        var stage = decoder.Stages().First(s => s.Index == sop.FirstStage);
        int column = position + 1;
        var hooks = new HookSet<double>().Add(stage.Hook, c =>
        {
            var x = c.Activation;
            if (sop.Numerical) { x[sop.Directions[0], column] = value.IsNone ? 0 : value.AsDouble(); return; }
            foreach (var d in sop.Directions) x[d, column] = 0;
            int k = -1;
            for (int i = 0; i < sop.Values.Count; i++) if (sop.Values[i].Equals(value)) { k = i; break; }
            if (k < 0 && !value.IsNone) throw new ArgumentException($"s-op '{sop.Label}' has no direction for value {value.Repr()}");
            if (k >= 0) x[sop.Directions[k], column] = 1;
        });
        var logits = decoder.Engine.Forward(model.Encode(input), hooks);
        return Enumerable.Range(1, input.Count).Select(p => model.DecodeLogits(i => logits[i, p])).ToList();
    }

    /// <summary>
    /// What the evaluator says the program outputs on <paramref name="input"/> when <paramref name="target"/> is forced
    /// to <paramref name="value"/> at <paramref name="position"/>: the program is rebuilt with <paramref name="target"/>
    /// replaced (by identity, sharing preserved) by "target, but value at position", and evaluated.
    /// </summary>
    public static IReadOnlyList<Value> EvaluatePatched(SOp program, SOp target, IReadOnlyList<Value> input, int position, Value value,
        AggregateSemantics semantics = AggregateSemantics.Tracr, bool causal = false)
    {
        var patch = new SequenceMap(SequenceFunction.Custom($"patch(x, {position} → {value.Repr()})", 2,
            xs => xs[1].AsLong() == position ? value : xs[0]), new EquatableList<SOp>([target, Rasp.Indices])) { Encoding = target.Encoding };
        var rewritten = (SOp)Replace(program, target, patch, new Dictionary<RaspExpr, RaspExpr>(ReferenceEqualityComparer.Instance));
        return RaspEvaluator.Evaluate(rewritten, input, semantics, causal);
    }

    /// <summary>Rebuilds <paramref name="node"/> with <paramref name="target"/> replaced by <paramref name="replacement"/>.</summary>
    public static RaspExpr Replace(RaspExpr node, RaspExpr target, RaspExpr replacement, Dictionary<RaspExpr, RaspExpr> memo)
    {
        if (ReferenceEquals(node, target)) return replacement;
        if (memo.TryGetValue(node, out var done)) return done;
        RaspExpr R(RaspExpr e) => Replace(e, target, replacement, memo);
        RaspExpr result = node switch
        {
            Map m => m with { Inner = (SOp)R(m.Inner) },
            SequenceMap s => s with { Inputs = new EquatableList<SOp>(s.Inputs.Select(i => (SOp)R(i)).ToList()) },
            Aggregate a => a with { Selector = (Selector)R(a.Selector), Sop = (SOp)R(a.Sop) },
            SelectorWidth w => w with { Selector = (Selector)R(w.Selector) },
            Select s => s with { Keys = (SOp)R(s.Keys), Queries = (SOp)R(s.Queries) },
            SelectorAnd x => x with { Left = (Selector)R(x.Left), Right = (Selector)R(x.Right) },
            SelectorOr x => x with { Left = (Selector)R(x.Left), Right = (Selector)R(x.Right) },
            SelectorNot x => x with { Inner = (Selector)R(x.Inner) },
            _ => node,
        };
        memo[node] = result;
        return result;
    }
}
