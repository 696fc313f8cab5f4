using Glassbox.Compiler;
using Glassbox.Rasp;

namespace Glassbox.Tests.Compiler;

/// <summary>Compile a program and check it on the engine against the evaluator.</summary>
internal static class CompilerTestKit
{
    public static IReadOnlyList<Value> Vocab(params object[] items) =>
        items.Select(i => i switch { int n => (Value)n, string s => (Value)s, _ => throw new ArgumentException() }).ToList();

    public static Compilation Compile(SOp program, IReadOnlyList<Value> vocab, int n, bool causal = false) =>
        RaspCompiler.Compile(program, new CompileOptions(vocab, n, causal));

    public static VerificationResult VerifyExhaustive(Compilation c)
    {
        var engine = EngineModel.Build(c.Model);
        return Verifier.Verify(c, Verifier.Exhaustive(c.Options.Vocabulary, c.Options.MaxSeqLen), b => EngineModel.Run(c.Model, engine, b));
    }

    public static VerificationResult VerifyRandom(Compilation c, int count, int seed = 7)
    {
        var engine = EngineModel.Build(c.Model);
        return Verifier.Verify(c, Verifier.Random(c.Options.Vocabulary, c.Options.MaxSeqLen, count, seed), b => EngineModel.Run(c.Model, engine, b));
    }

    public static IReadOnlyList<Value> Run(Compilation c, params object[] input)
    {
        var engine = EngineModel.Build(c.Model);
        return EngineModel.Run(c.Model, engine, new[] { Vocab(input) })[0];
    }

    public static void AssertExact(Compilation c, VerificationResult r)
    {
        Assert.True(r.Mismatches == 0, string.Join("\n", r.Examples));
        Assert.True(r.Compared > 0, "nothing was compared");
    }
}
