using Glassbox.Rasp;

namespace Glassbox.Compiler;

/// <summary>What a program is compiled for: the input vocabulary, the longest input, and causal masking.</summary>
/// <param name="Vocabulary">The input tokens (distinct atoms).</param>
/// <param name="MaxSeqLen">The longest input the model must handle (BOS not counted).</param>
/// <param name="Causal">Whether every query may only see keys at or before it (the causal evaluator's semantics).</param>
/// <param name="Semantics">The evaluator semantics the model must reproduce: Tracr's (a categorical aggregate selects
/// at most one value) or RASP 0.1's (an aggregate averages numbers, so one that does is compiled numerical).</param>
public sealed record CompileOptions(IReadOnlyList<Value> Vocabulary, int MaxSeqLen, bool Causal = false,
    AggregateSemantics Semantics = AggregateSemantics.Tracr)
{
    /// <summary>Refuses empty or duplicated vocabularies and non-positive lengths.</summary>
    public void Check()
    {
        if (Vocabulary.Count == 0) throw new UserError("the vocabulary is empty (give --vocab a,b,c)");
        if (Vocabulary.Any(v => v.IsNone)) throw new UserError("the vocabulary cannot contain None");
        if (Vocabulary.Distinct().Count() != Vocabulary.Count) throw new UserError("the vocabulary has duplicate tokens");
        if (MaxSeqLen < 1) throw new UserError($"--max-seq-len must be at least 1 (got {MaxSeqLen})");
    }
}
