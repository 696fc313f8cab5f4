using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Glassbox.Compiler;
using Glassbox.Craft;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;

namespace Glassbox.Tests.Compiler;

/// <summary>
/// The compiled weights of every <c>--lib</c> program (and of sort at larger sizes) are bit for bit the weights the
/// compiler produced before its assembly was made fast: each case's SHA-256 over every weight (its IEEE bits), every
/// matrix shape, the residual labels, the vocabulary and the readout was recorded with the earlier, dense assembly
/// (dense W_QK, intermediate copies) and must not change. A changed fingerprint means the weights changed: if that was
/// meant (a new compilation rule), the exhaustive engine-vs-evaluator tests must prove the new weights exact, and the
/// fingerprint is re-recorded with the reason in the commit. The non-zero count <c>compile --json</c> prints, taken from
/// the sparse craft model, equals a scan of the dense weights.
/// </summary>
public class AssemblyFingerprintTests
{
    public static TheoryData<string, string, int, bool, string> Cases => new()
    {
        { "length", "1,2,3", 5, false, "29f235a869313f5a" },
        { "reverse", "1,2,3", 5, false, "bdf792e83b23317c" },
        { "hist", "1,2,3", 5, false, "8af617c47922a151" },
        { "sort_unique", "1,2,3", 5, false, "9a39431f9bb20096" },
        { "sort", "1,2,3", 5, false, "8e74f7b6d5668c31" },
        { "sort_freq", "1,2,3", 5, false, "6a9bc48f1d4fe887" },
        { "frac_prevs", "1,2,3", 5, false, "f2163845b34f0b3e" },
        { "shift_by", "1,2,3", 5, false, "ba4c9b0043f175a7" },
        { "detect_pattern", "1,2,3", 5, false, "84d4a44d406d7c8d" },
        { "count_less_freq", "1,2,3", 5, false, "c151808415216f19" },
        { "count", "1,2,3", 5, false, "d888aa6196266dfa" },
        { "pair_balance", "(,)", 5, false, "e8dd3b4023400a51" },
        { "shuffle_dyck", "(,),{,}", 5, false, "c97a40878630f2a8" },
        { "shuffle_dyck2", "(,),{,}", 5, false, "73faf3aa5357c69f" },
        { "nary_sequencemap", "1,2,3", 5, false, "71f4c6df0d4e457a" },
        { "rasp_reverse", "a,b,c", 5, false, "d8626771782f0524" },
        { "hist_bos", "§,a,b,c", 5, false, "6f8b9963cfd7d54c" },
        { "hist_nobos", "a,b,c", 5, false, "523643f03c471948" },
        { "hist2_bos", "§,a,b,c", 5, false, "dbb54f380e8bb624" },
        { "sort_bos", "§,a,b,c", 5, false, "2a22b9be403f2234" },
        { "most_freq", "§,a,b,c", 5, false, "79e238d18e0e8a8e" },
        { "dyck1_ptf", "a,b,(,)", 4, false, "23d83f2b5e982482" },
        { "dyck2_ptf", "a,(,),{,}", 4, false, "a735ef6d0dcfa5f9" },
        { "frac_prevs", "1,2,3", 5, true, "cc5e8f7b1944b0a6" },
        { "sort", "1,2,3,4,5,6,7,8,9,10", 16, false, "01a2db7660b8b788" },
        { "sort", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20", 24, false, "7d363e3684722d81" },
        { "sort", Tokens(30), 32, false, "8435300ea6d6a243" },
        { "sort", Tokens(50), 64, false, "9bb633cde10ccaf0" },
    };

    private static string Tokens(int count) => string.Join(",", Enumerable.Range(1, count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightsAreBitForBitThoseOfTheDenseAssemblyAndCountedExactly(string spec, string vocab, int n, bool causal, string expected)
    {
        var lib = RaspLibrary.Resolve(spec, n);
        var options = new CompileOptions(Value.ParseVocabulary(vocab.Split(',')), n, causal, lib.Semantics);
        var c = RaspCompiler.Compile(lib.Program, options, spec);
        Assert.Equal(expected, Fingerprint(c.Model));
        Assert.Equal(c.Model.NonZeroParameters(), Diagnostics.Stats(c).NonZeroParams);
    }

    /// <summary>The first 16 hex digits of the SHA-256 of a canonical dump of <paramref name="m"/>.</summary>
    internal static string Fingerprint(CompiledModel m)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Text(string s) { var b = System.Text.Encoding.UTF8.GetBytes(s); Int(b.Length); hash.AppendData(b); }
        void Int(long x) => hash.AppendData(BitConverter.GetBytes(x));
        void Matrix(double[,] w)
        {
            Int(w.GetLength(0));
            Int(w.GetLength(1));
            hash.AppendData(MemoryMarshal.AsBytes(Dense.Flat(w))); // the IEEE bits, little-endian as BitConverter writes them
        }
        Text(m.ProgramName);
        Int(m.MaxSeqLen);
        Int(m.Causal ? 1 : 0);
        foreach (var v in m.Vocabulary) Text(v.Repr());
        foreach (var l in m.ResidualLabels) Text(l);
        Matrix(m.TokenEmbedding);
        Matrix(m.PositionEmbedding);
        Int(m.Layers.Count);
        foreach (var layer in m.Layers)
        {
            Int(layer.Heads.Count);
            foreach (var h in layer.Heads)
            {
                Text(h.Name);
                Matrix(h.Wq);
                Matrix(h.Wk);
                Matrix(h.Wv);
                Matrix(h.Wo);
            }
            foreach (var name in layer.MlpNames) Text(name);
            Matrix(layer.W1);
            Matrix(layer.W2);
        }
        Text(m.Output.Label);
        Int(m.Output.Numerical ? 1 : 0);
        foreach (var v in m.Output.Values) Text(v.Repr());
        foreach (var d in m.Output.Directions) Int(d);
        return Convert.ToHexString(hash.GetCurrentHash())[..16].ToLowerInvariant();
    }
}
