using Glassbox.Compiler;
using Glassbox.Lens;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;

namespace Glassbox.Tests.Lens;

/// <summary>
/// Residual decoding of the --lib programs that <see cref="LibraryCases"/> leaves out — the RASP paper's (RASP 0.1
/// semantics) and the generic shuffle_dyck — equals the evaluator at every stage; with ResidualDecoderTests that is
/// every library program.
/// </summary>
public class PaperProgramDecodingTests
{
    public static TheoryData<string, string> PaperPrograms => new()
    {
        { "rasp_reverse", "1,2,3" }, { "hist_bos", "§,a,b" }, { "hist_nobos", "a,b,c" }, { "hist2_bos", "§,a,b" }, { "sort_bos", "§,a,b,c" },
        { "most_freq", "§,a,b" }, { "dyck1_ptf", "(,)" }, { "dyck2_ptf", "(,),{,}" }, { "shuffle_dyck", "(,),{,}" },
    };

    [Fact]
    public void EveryLibraryProgramIsCovered()
    {
        var covered = LibraryCases.Programs.Select(r => (string)r[0]).Concat(PaperPrograms.Select(r => (string)r[0])).ToHashSet();
        Assert.DoesNotContain(RaspLibrary.Names, n => !covered.Contains(n));
    }

    [Theory]
    [MemberData(nameof(PaperPrograms))]
    public void DecodedValuesEqualTheEvaluatorAtEveryLayer(string spec, string vocab)
    {
        const int maxSeqLen = 5;
        var entry = RaspLibrary.Resolve(spec, maxSeqLen);
        var options = new CompileOptions(Value.ParseVocabulary(vocab.Split(',')), maxSeqLen, false, entry.Semantics);
        var compilation = RaspCompiler.Compile(entry.Program, options, spec);
        var decoder = new ResidualDecoder(compilation);
        var vocabulary = options.Vocabulary;
        var inputs = Verifier.Exhaustive(vocabulary, 2).Concat(Verifier.Random(vocabulary, maxSeqLen, 12, seed: 11)).ToList();
        if (vocabulary.Contains(Value.String(RaspPaper.Bos)))
        {
            // The *_bos programs read a BOS § at position 0: decode those inputs above all.
            var rest = vocabulary.Where(v => !v.Equals(Value.String(RaspPaper.Bos))).ToList();
            inputs = Verifier.Exhaustive(rest, 2).Concat(Verifier.Random(rest, maxSeqLen - 1, 12, seed: 11))
                .Select(x => (IReadOnlyList<Value>)[Value.String(RaspPaper.Bos), .. x]).Concat(inputs).ToList();
        }
        int compared = 0;
        foreach (var input in inputs)
        {
            var d = decoder.Decode(input);
            if (d.ExpectedOutput is null) continue;
            compared++;
            foreach (var r in d.Readings)
                Assert.True(r.Matches, $"{spec} [{string.Join(" ", input)}] {r.Sop} at stage {r.Stage}: decoded [{string.Join(", ", r.Decoded.Select(v => v.Repr()))}], evaluator [{string.Join(", ", r.Expected!.Select(v => v.Repr()))}]");
        }
        Assert.True(compared >= 15, $"{spec}: only {compared} inputs had an evaluator value");
    }
}
