namespace Glassbox.Tests.Rasp.Script;

/// <summary>The REPL runs of rasp.md §4, replayed line for line (values and result-line formats).</summary>
public class TranscriptTests
{
    [Theory]
    [InlineData("sort(tokens,tokens)(\"hello\");", "[e, h, l, l, o] (strings)")]
    [InlineData("count(tokens,\"l\")(\"hello\");", "[2]*5 (ints)")]
    [InlineData("shift(tokens,1,\"_\")(\"hello\");", "[_, h, e, l, l] (strings)")]
    [InlineData("mark_last_instance(tokens,\"l\")(\"hello\");", "[F, F, F, T, F] (bools)")]
    [InlineData("mark_first_instance(tokens,\"l\")(\"hello\");", "[F, F, T, F, F] (bools)")]
    [InlineData("selector_width(select(tokens,tokens,==))(\"hello\");", "[1, 1, 2, 2, 1] (ints)")]
    [InlineData("selector_width(select(indices,indices,<=))(\"hello\");", "[1, 2, 3, 4, 5] (ints)")]
    [InlineData("aggregate(select(indices,indices,<=), indicator(tokens==\"l\"))(\"hello\");", "[0, 0.0, 0.333, 0.5, 0.4] (floats)")]
    [InlineData("aggregate(select(indices, 5, ==), tokens, \"z\")(\"abc\");", "[z]*3 (strings)")]
    [InlineData("(\"e\" in tokens)(\"hey\");", "[T]*3 (bools)")]
    [InlineData("vowels = [\"a\",\"e\",\"i\",\"o\",\"u\"]; (tokens in vowels)(\"hey\");", "[F, T, F] (bools)")]
    [InlineData("(\"a\" if indices%2==1 else tokens)(\"hello\");", "[h, a, l, a, o] (strings)")]
    [InlineData("average(indices)(\"hello\");", "[2.0]*5 (floats)")]
    [InlineData("max(indices,2)(\"hello\");", "[2, 2, 2, 3, 4] (ints)")]
    [InlineData("min(indices,2)(\"hello\");", "[0, 1, 2, 2, 2] (ints)")]
    [InlineData("round(indices/2)([0,1,2,3,4,5]);", "[0, 0, 1, 2, 2, 2] (ints)")]
    [InlineData("reverse_s = aggregate(select(indices, length-indices-1, ==), tokens); draw(reverse_s, \"abc\");", "[c, b, a] (strings)")]
    [InlineData("length(\"abcd\");", "[4]*4 (ints)")]
    [InlineData("tokens[-1](\"abc\");", "[c]*3 (strings)")]
    [InlineData("tokens[1](\"abc\");", "[b]*3 (strings)")]
    [InlineData("load_from_location(tokens, length - 1 - indices)(\"abc\");", "[c, b, a] (strings)")]
    [InlineData("contains(tokens, \"z\")(\"abc\");", "[F]*3 (bools)")]
    [InlineData("has_focus(select(indices, 1, ==))(\"ab\");", "[T]*2 (bools)")]
    [InlineData("(not (tokens == \"a\"))(\"ab\");", "[F, T] (bools)")]
    [InlineData("(tokens == \"a\" or tokens == \"c\")(\"abc\");", "[T, F, T] (bools)")]
    [InlineData("aggregate(select_from_last(tokens, \"a\"), indices)(\"abca\");", "[3]*4 (ints)")]
    [InlineData("aggregate(select_from_first(tokens, \"a\"), indices)(\"bcab\");", "[2]*4 (ints)")]
    [InlineData("aggregate(select_next_identical(tokens), indices, -1)(\"abab\");", "[2, 3, -1, -1] (ints)")]
    [InlineData("(tokens_int * 2)(\"123\");", "[2, 4, 6] (ints)")]
    [InlineData("(tokens_float / 2)(\"12\");", "[0.5, 1.0] (floats)")]
    [InlineData("tokens_bool([0, 1]);", "[F, T] (bools)")]
    [InlineData("(indices ^ 2)(\"abcd\");", "[0, 1, 4, 9] (ints)")]
    [InlineData("(-indices % 3)(\"abcd\");", "[0, 2, 1, 0] (ints)")]
    [InlineData("select(indices, indices, <)(\"hey\");", "")]
    public void ResultLinesMatchRasp01(string script, string expected)
    {
        var (lines, interpreter) = ScriptHarness.Run(script);
        Assert.Equal(0, interpreter.ErrorCount);
        if (expected.Length > 0)
            Assert.Contains("\t =  " + expected, lines);
    }

    [Fact]
    public void SelectorMatrixPrintsKeysAsColumns()
    {
        var (lines, _) = ScriptHarness.Run("set example \"hey\"\nselect(indices,indices,<);");
        Assert.Equal(["     selector: out", " \t Example:", " \t\t\t     h e y", " \t\t\t h |      ", " \t\t\t e | 1    ", " \t\t\t y | 1 1  "], lines);
    }

    [Fact]
    public void SOpAssignmentPrintsNameAndExample()
    {
        var (lines, _) = ScriptHarness.Run("x = indices + 1;\ny = indices * 0;");
        Assert.Equal(["     s-op: x", " \t Example: x(\"hello\") = [1, 2, 3, 4, 5] (ints)", "     s-op: y", " \t Example: y(\"hello\") = [0]*5 (ints)"], lines);
    }

    [Fact]
    public void AtomsListsDictsAndFunctionsPrintLikeRasp01()
    {
        var (lines, _) = ScriptHarness.Run("a = 3;\nb = \"big\";\nc = 7/2;\nl = [1, 2];\nd = {1: 2};\ndef f(a, b) { return a; }\nTrue and 0;");
        Assert.Equal(["    value: a =  3", "    value: b =  \"big\"", "    value: c =  3.5", "     list: l = [1, 2]",
            "     dict: d = {1: 2}", "     console function: f(a, b)", "    value: out =  0"], lines);
    }

    [Fact]
    public void RunningExampleOfInts()
    {
        var (lines, interpreter) = ScriptHarness.Run("set example [3,1,2]\ntokens = tokens_int;\nsort(tokens, -tokens);");
        Assert.Equal(0, interpreter.ErrorCount);
        Assert.Contains(" \t Example: out([3, 1, 2]) = [3, 2, 1] (ints)", lines);
    }

    [Fact]
    public void ForLoopPrintsNothingAndKeepsItsAssignments()
    {
        var (lines, _) = ScriptHarness.Run("a=3;\nfor i in range(4) {\n a = a+i;\n}\na;");
        Assert.Equal(["    value: a =  3", "    value: a =  9"], lines);
    }

    [Fact]
    public void FunctionDefinitionAndCall()
    {
        var (lines, _) = ScriptHarness.Run("def frac_prevs(seq,val){ prevs = select(indices,indices,<=); return aggregate(prevs, indicator(seq==val)); }\nfrac_prevs(tokens,\"l\");");
        Assert.Equal(["     console function: frac_prevs(seq, val)", "     s-op: out", " \t Example: out(\"hello\") = [0, 0.0, 0.333, 0.5, 0.4] (floats)"], lines);
    }

    [Fact]
    public void DictLookupBySOp()
    {
        var (lines, _) = ScriptHarness.Run("set example \"12345\"\nd = {\"1\":1,\"2\":2,\"3\":3,\"4\":5,\"5\":4};\nd[tokens];");
        Assert.Contains(" \t Example: out(\"12345\") = [1, 2, 3, 5, 4] (ints)", lines);
    }

    [Fact]
    public void AveragingStringsFailsAndTheRunGoesOn()
    {
        var (lines, interpreter) = ScriptHarness.Run("aggregate(select(indices,indices,<), tokens);\nx = 1;");
        Assert.Equal(1, interpreter.ErrorCount);
        Assert.Contains(lines, l => l.StartsWith("something went wrong:", StringComparison.Ordinal) && l.Contains("asked to average multiple values, but they are non-numbers"));
        Assert.Equal("    value: x =  1", lines[^1]);
    }

    [Fact]
    public void FullSeqDisplayAlignsInputAndOutput()
    {
        var (lines, _) = ScriptHarness.Run("full seq display on\nreverse = aggregate(select(indices, length-indices-1, ==), tokens);\nindices * 0;");
        Assert.Contains("\t\tinput:   h e l l o \t (strings)", lines);
        Assert.Contains("\t\toutput:  o l l e h \t (strings)", lines);
        Assert.Contains("\t\t[0]*5 (ints) [skipped full display: identical values]", lines);
    }

    [Fact]
    public void ShowAndSwitchExamples()
    {
        var (lines, _) = ScriptHarness.Run("show example\nset s-op example \"hey\"\nshow s-op example\nexamples off\nx = indices;\ns-op examples on\ny = indices;\nselector examples off\ns = select(indices, indices, ==);");
        Assert.Equal(["\ts-op example: \"hello\"", "\tselector example: \"hello\"", "\ts-op example: \"hey\"",
            "     s-op: x", "     s-op: y", " \t Example: y(\"hey\") = [0, 1, 2] (ints)", "     selector: s"], lines);
    }

    [Fact]
    public void ExitStopsTheScript()
    {
        var (lines, _) = ScriptHarness.Run("a = 1;\nexit\nb = 2;");
        Assert.Equal(["    value: a =  1"], lines);
    }
}
