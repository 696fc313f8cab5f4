using Glassbox.Rasp;
using Glassbox.Rasp.Script;

namespace Glassbox.Tests.Rasp.Script;

public class StatementTests
{
    [Fact]
    public void MultipleAssignmentAndDestructuringAFunctionResult()
    {
        var (lines, interpreter) = ScriptHarness.Run("a, b = 1, \"x\";\ndef two(x) { return x, x + 1; }\nc, d = two(5);\nl = two(1);");
        Assert.Equal(0, interpreter.ErrorCount);
        Assert.Equal(["    value: a =  1", "    value: b =  \"x\"", "     console function: two(x)", "    value: c =  5", "    value: d =  6", "     list: l = [1, 2]"], lines);
    }

    [Theory]
    [InlineData("foo;", "Undefined variable: foo")]
    [InlineData("length = 3;", "Cannot set reserved name: length")]
    [InlineData("tokens_str = tokens;", "Cannot set reserved name: tokens_str")]
    [InlineData("out = 1;", "Cannot set reserved name: out")]
    [InlineData("def f(a) { return a; }\nf(1, 2);", "wrong number of args for f- expected: 1, got: 2.")]
    [InlineData("a, b = 1, 2, 3;", "2 names but 3 values")]
    [InlineData("a, b = [1];", "cannot assign")]
    [InlineData("x = select(indices, indices, ==) + 1;", "Cannot apply + to selector(s)")]
    [InlineData("x = select(indices, indices, ==) and tokens;", "Cannot apply and between selector and non-selector")]
    [InlineData("x = tokens[tokens];", "cannot be indexed by an s-op")]
    [InlineData("x = [1, 2][5];", "out of range")]
    [InlineData("x = {1: 2}[3];", "index [ 3 ] not in dict.")]
    [InlineData("x = aggregate(tokens, tokens);", "must be a selector")]
    [InlineData("x = aggregate(select(indices, indices, ==), tokens, tokens);", "default of aggregate must be an atom")]
    [InlineData("x = tokens_int + 1;", "invalid literal for int() with base 10: 'h'")]
    [InlineData("x = tokens(\"\");", "non-empty")]
    [InlineData("x = 3(1);", "not a function")]
    [InlineData("x = len(3);", "len works on lists only")]
    [InlineData("x = zip([1], [1, 2]);", "equal length")]
    [InlineData("for x in 3 { y = x; }", "iterates over a list or a dict")]
    [InlineData("def f(x) { return f(x); }\nf(1);", "nested more than")]
    [InlineData("x = tokens(\"ab\") + 1;", "only printed")]
    [InlineData("x = indicator(1);", "needs an s-op")]
    [InlineData("x = 1 / 0;", "division by zero")]
    [InlineData("x = \"a\" < 1;", "'<'")]
    [InlineData("load \"no/such/file\";", "cannot load")]
    [InlineData("draw(select(indices, indices, ==));", "draw expects an s-op")]
    [InlineData("x = range(0, 5, 0);", "zero")]
    [InlineData("x = numerical(3);", "annotates an s-op")]
    public void ErrorsArePrintedWithTheirPositionAndTheRunGoesOn(string script, string fragment)
    {
        var (lines, interpreter) = ScriptHarness.Run(script + "\nafter = 1;");
        Assert.Equal(1, interpreter.ErrorCount);
        Assert.Contains(lines, l => l.Contains(fragment, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("test.rasp:", StringComparison.Ordinal));
        Assert.Equal("    value: after =  1", lines[^1]);
    }

    [Fact]
    public void SyntaxErrorsInAScriptNameTheLineAndTheRunGoesOn()
    {
        var (lines, interpreter) = ScriptHarness.Run("a = 1;\nb = (2 + ;\nc = 3;");
        Assert.Equal(1, interpreter.ErrorCount);
        Assert.Contains(lines, l => l.Contains("test.rasp:2:10", StringComparison.Ordinal));
        Assert.Contains("    value: c =  3", lines);
    }

    [Fact]
    public void ComprehensionsRangesZipLenAndMembership()
    {
        var (lines, interpreter) = ScriptHarness.Run("""
            squares = [i * i for i in range(4)];
            pairs = zip([1, 2], ["a", "b"]);
            lookup = {p[1]: p[0] for p in pairs};
            n = len(squares);
            back = range(5, 0, -2);
            has = 9 in squares;
            hasnt = "c" in lookup;
            s = "abc"[-1];
            total = 0;
            for a, b in pairs { total = total + a; }
            total;
            """);
        Assert.Equal(0, interpreter.ErrorCount);
        Assert.Equal(["     list: squares = [0, 1, 4, 9]", "     list: pairs = [[1, \"a\"], [2, \"b\"]]", "     dict: lookup = {\"a\": 1, \"b\": 2}",
            "    value: n =  4", "     list: back = [5, 3, 1]", "    value: has =  True", "    value: hasnt =  False", "    value: s =  \"c\"",
            "    value: total =  0", "    value: total =  3"], lines);
    }

    [Fact]
    public void AtomTernaryShortCircuits()
    {
        var (lines, interpreter) = ScriptHarness.Run("x = 1 if True else undefined_name;\ny = 1 if False else 2 if True else 3;");
        Assert.Equal(0, interpreter.ErrorCount);
        Assert.Equal(["    value: x =  1", "    value: y =  2"], lines);
    }

    [Fact]
    public void PythonArithmeticOnAtoms()
    {
        var (lines, _) = ScriptHarness.Run("a = 7 % 3 * 2;\nb = -2^2;\nc = 2^3^2;\nd = -7 % 3;\ne = 2^-1;\nf = round(2.5);\ng = round(3.5);\nh = 1 + 2 in [3];\ni = not 1 == 2;");
        Assert.Equal(["    value: a =  1", "    value: b =  4", "    value: c =  64", "    value: d =  2", "    value: e =  0.5",
            "    value: f =  2", "    value: g =  4", "    value: h =  True", "    value: i =  False"], lines);
    }

    [Fact]
    public void AnnotationsChangeOnlyTheEncoding()
    {
        var (_, interpreter) = ScriptHarness.Run("x = numerical(aggregate(select(indices, indices, <=), indicator(tokens == \"l\")));\ny = categorical(tokens);");
        Assert.Equal(0, interpreter.ErrorCount);
        Assert.Equal(Encoding.Numerical, Assert.IsType<SOpValue>(interpreter.Lookup("x")).SOp.Encoding);
        Assert.Equal(Encoding.Categorical, Assert.IsType<SOpValue>(interpreter.Lookup("y")).SOp.Encoding);
    }

    [Fact]
    public void EagerCheckRejectsAnSOpThatFailsOnTheRunningExample()
    {
        var (_, interpreter) = ScriptHarness.Run("x = tokens_int + 1;\nset example \"123\"\ny = tokens_int + 1;");
        Assert.Null(interpreter.Lookup("x"));
        Assert.NotNull(interpreter.Lookup("y"));
    }

    [Fact]
    public void AnAppliedInputIsTriedAsBackupExample()
    {
        var results = ScriptHarness.Results("def inc(s) { t = tokens_int + 1; return t; }\ninc(tokens)(\"123\");");
        Assert.Equal(["[2, 3, 4] (ints)"], results);
    }

    [Fact]
    public void LoadRunsUnderTheBaseScopeAndCopiesPublicNames()
    {
        var dir = Directory.CreateTempSubdirectory("rasp-load-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "lib"));
            File.WriteAllText(Path.Combine(dir.FullName, "lib", "inner.rasp"), "deep = 7;\n");
            File.WriteAllText(Path.Combine(dir.FullName, "lib", "helpers.rasp"),
                "a = 1;\na = 12;\n_private = 3;\nsees_caller = caller_only;\nload \"inner\";\ndef twice(x) { return 2 * x; }\nt = tokens;\n");
            var (lines, interpreter) = ScriptHarness.Run("caller_only = 5;\nset example \"12\"\ntokens = tokens_int;\nload \"lib/helpers\";\na;\ndeep;\ntwice(a);\n_private;", dir.FullName);
            // The file cannot see the caller's variables, so one statement failed and everything is shown in order.
            Assert.Equal(2, interpreter.ErrorCount);
            Assert.Contains(lines, l => l.Contains("Undefined variable: caller_only", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("Undefined variable: _private", StringComparison.Ordinal));
            Assert.Contains("    value: a =  12", lines);
            Assert.Contains("    value: deep =  7", lines);
            Assert.Contains("    value: out =  24", lines);
            Assert.Contains("     lib/helpers function: twice(x)", lines);
            // The file's tokens is the base tokens (tokens_str), not the caller's tokens_int.
            Assert.True(ReferenceEquals(Glassbox.Rasp.Rasp.Tokens, Assert.IsType<SOpValue>(interpreter.Lookup("t")).SOp) || Assert.IsType<SOpValue>(interpreter.Lookup("t")).SOp is TokensSOp);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void ACleanLoadPrintsOnlyTheLastValueOfEachName()
    {
        var dir = Directory.CreateTempSubdirectory("rasp-load-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "f.rasp"), "a = 1;\na = 12;\n_p = 2;\ns = indices + 1;\n");
            var (lines, interpreter) = ScriptHarness.Run("load \"f\";", dir.FullName);
            Assert.Equal(0, interpreter.ErrorCount);
            Assert.Equal(["    value: a =  12", "     s-op: s"], lines);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void LoadCycleIsAnError()
    {
        var dir = Directory.CreateTempSubdirectory("rasp-load-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "a.rasp"), "load \"a\";\nx = 1;\n");
            var (lines, interpreter) = ScriptHarness.Run("load \"a\";", dir.FullName);
            Assert.Equal(1, interpreter.ErrorCount);
            Assert.Contains(lines, l => l.Contains("load cycle", StringComparison.Ordinal));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void DrawPrintsTheResultAndTheLayerSchedule()
    {
        var (lines, _) = ScriptHarness.Run("reverse_s = aggregate(select(indices, length-indices-1, ==), tokens);\ndraw(reverse_s, \"abc\");");
        Assert.Contains("\t =  [c, b, a] (strings)", lines);
        Assert.Contains("\treverse_s: 2 layers, 1 head (heads per layer: 1/1)", lines);
        Assert.Contains("\t  head 0: full_s", lines);
        Assert.Contains("\t       a |     1", lines);
        Assert.Contains("\t    -> reverse_s = [c, b, a] (strings)", lines);
        Assert.Contains("\t    length = [3]*3 (ints)", lines);
    }
}
