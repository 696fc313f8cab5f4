using Glassbox.Compiler;
using Glassbox.Rasp;
using Glassbox.Rasp.Script;
using Xunit.Abstractions;

namespace Glassbox.Tests.Compiler;

/// <summary>
/// Every program of examples/paper_examples.rasp (with the paper's BOS § and bracket vocabularies) and programs built
/// on the RASP 0.1 standard library (rasplib.rasp) compile from text under RASP 0.1 semantics, and the engine model
/// matches RASP 0.1's evaluator on every input up to the length (0 mismatches, no undefined input).
/// </summary>
public class PaperProgramsCompileTests(ITestOutputHelper output)
{
    private static string Examples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "paper_examples.rasp");
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("examples/paper_examples.rasp not found above the test directory");
    }

    private const string LibraryPrograms = """
        set example "abc"
        len_prog = length;
        count_a = count(tokens, "a");
        shifted = shift(tokens, 1, "_");
        sorted = sort(tokens, tokens);
        frac_a = average(indicator(tokens == "a"));
        has_a = contains(tokens, "a");
        last_a = mark_last_instance(tokens, "a");
        first_token = load_from_location(tokens, 0);
        widths = selector_width(select(tokens, tokens, ==));
        bigger = max(indices, length - indices - 1);
        next_same = aggregate(select_next_identical(tokens), indices, -1);
        mean_prefix = aggregate(select(indices, indices, <=), indicator(tokens == "a"));
        numeric_key = aggregate(select(mean_prefix, mean_prefix, ==), tokens);
        """;

    private static CompileOptions Rasp01(string vocab, int n) =>
        new(Value.ParseVocabulary(vocab.Split(',')), n, false, AggregateSemantics.Rasp01);

    private void AssertExactEverywhere(SOp program, CompileOptions options, string name)
    {
        var c = RaspCompiler.Compile(program, options, name);
        var r = CompilerTestKit.VerifyExhaustive(c);
        output.WriteLine($"{name}: {c.Model.LayerCount} layers, residual {c.Model.ResidualDim}, compared {r.Compared}, undefined {r.Undefined}, mismatches {r.Mismatches}");
        foreach (var e in r.Examples) output.WriteLine(e);
        CompilerTestKit.AssertExact(c, r);
        Assert.Equal(0, r.Undefined);
    }

    private static T WithLibraryFile<T>(Func<string, T> use)
    {
        var path = Path.Combine(Path.GetTempPath(), $"glassbox-rasplib-programs-{Environment.ProcessId}-{Guid.NewGuid():N}.rasp");
        File.WriteAllText(path, LibraryPrograms);
        try { return use(path); }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, string, int> Paper => new()
    {
        { "reverse", "§,a,b", 4 }, { "hist_nobos", "§,a,b", 4 }, { "hist_bos", "§,a,b", 4 }, { "sort_bos", "§,a,b", 4 },
        { "hist2_bos", "§,a,b", 4 }, { "sort_by_most_freq", "§,a,b", 4 }, { "dyck1_ptf", "(,)", 6 }, { "dyck2_ptf", "(,),{,}", 3 },
    };

    [Theory]
    [MemberData(nameof(Paper))]
    public void PaperProgramFromTextMatchesRasp01Exhaustively(string sop, string vocab, int n) =>
        AssertExactEverywhere(ScriptLoader.LoadSOp(Examples(), sop), Rasp01(vocab, n), sop);

    public static TheoryData<string> Library => new()
    {
        "len_prog", "count_a", "shifted", "sorted", "frac_a", "has_a", "last_a", "first_token", "widths", "bigger", "next_same", "mean_prefix",
    };

    [Theory]
    [MemberData(nameof(Library))]
    public void RaspLibProgramMatchesRasp01Exhaustively(string sop) =>
        WithLibraryFile(path => { AssertExactEverywhere(ScriptLoader.LoadSOp(path, sop), Rasp01("a,b,c", 4), sop); return 0; });

    [Fact]
    public void AveragingAggregateIsCompiledAsAMeanAndItsMapsReadTheNumber()
    {
        var c = RaspCompiler.Compile(ScriptLoader.LoadSOp(Examples(), "hist_bos"), Rasp01("§,a,b", 3), "hist_bos");
        var share = Assert.Single(c.Graph.Nodes, n => n.Label == "bos_share");
        Assert.True(share.IsNumerical);
        Assert.Contains(c.Model.ResidualLabels, l => l == "bos_share");
        Assert.DoesNotContain(c.Model.ResidualLabels, l => l.StartsWith("bos_share:", StringComparison.Ordinal));
    }

    [Fact]
    public void MeanUsedAsASelectorKeyIsRefusedWithItsPlace()
    {
        var e = WithLibraryFile(path => Assert.Throws<UserError>(() =>
            RaspCompiler.Compile(ScriptLoader.LoadSOp(path, "numeric_key"), Rasp01("a,b", 3))));
        output.WriteLine(e.Message);
        Assert.Contains("'mean_prefix'", e.Message);
        Assert.Contains(".rasp:13:", e.Message);
        Assert.Contains("rule:", e.Message);
    }
}
