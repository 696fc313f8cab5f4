using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Library;

namespace Glassbox.Tests;

/// <summary>The Tracr library programs at issue 4's acceptance settings (max-seq-len 5), shared by the compiler and lens tests.</summary>
public static class LibraryCases
{
    /// <summary>The longest input the library cases are compiled for.</summary>
    public const int MaxSeqLen = 5;

    /// <summary>Every <c>--lib</c> entry with its vocabulary: {1,2,3}, brackets for the Dyck programs.</summary>
    public static TheoryData<string, string> Programs => new()
    {
        { "length", "1,2,3" }, { "reverse", "1,2,3" }, { "hist", "1,2,3" }, { "sort_unique", "1,2,3" }, { "sort", "1,2,3" },
        { "sort_freq", "1,2,3" }, { "frac_prevs", "1,2,3" }, { "shift_by", "1,2,3" }, { "detect_pattern", "1,2,3" },
        { "count_less_freq", "1,2,3" }, { "count", "1,2,3" }, { "pair_balance", "(,)" }, { "shuffle_dyck2", "(,),{,}" },
        { "nary_sequencemap", "1,2,3" },
    };

    /// <summary>Resolves <paramref name="spec"/> in the library and compiles it over the comma-separated <paramref name="vocab"/>.</summary>
    public static (CompileOptions Options, Compilation Compilation) Compile(string spec, string vocab = "1,2,3")
    {
        var lib = RaspLibrary.Resolve(spec, MaxSeqLen);
        var options = new CompileOptions(Value.ParseVocabulary(vocab.Split(',')), MaxSeqLen);
        return (options, RaspCompiler.Compile(lib.Program, options, spec));
    }
}
