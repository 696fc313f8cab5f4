using CsCheck;
using Glassbox.Rasp.Script;
using Glassbox.Rasp.Syntax;
using Glassbox.Tests.Rasp.Script;

namespace Glassbox.Tests.Rasp.Syntax;

/// <summary>
/// Random and mutated programs never make the lexer, parser or interpreter throw anything but the documented user
/// errors (<see cref="RaspSyntaxError"/> from the parser; the interpreter reports every error and throws nothing).
/// </summary>
public class RobustnessProperties
{
    private static readonly string[] Vocabulary =
    [
        "a", "tokens", "indices", "length", "x", "f", "sort", "full_s", "True", "0", "1", "2", "0.5", "\"a\"", "\"\"",
        "(", ")", "[", "]", "{", "}", ",", ";", ":", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "^",
        "not", "and", "or", "if", "else", "in", "for", "def", "return", "load", "draw", "set", "example", "show",
        "examples", "on", "off", "round", "indicator", "select(", "aggregate(", "range(", "zip(", "len(", "s-op",
        "selector", "full seq display", "exit", "#", "\n", ".", "$", "\"",
    ];

    private const string Characters = "abcxyz019_ ;,()[]{}=<>!+-*/%^\"#.:\n\t§";

    private static readonly Lazy<List<string>> Corpus = new(() =>
    {
        var dir = ScriptHarness.ExamplesDirectory;
        var snippets = new List<string>
        {
            File.ReadAllText(Path.Combine(dir, "tour.rasp")),
            Builtins.LibraryText,
            "x = aggregate(select(indices, length - indices - 1, ==), tokens);\nx(\"abc\");",
            "def f(a, b) { c = a + b; return c, a; }\nu, v = f(indices, 1);\nfor i in range(3) { u = u + i; }\nu(\"ab\");",
            "set example [3, 1, 2]\ntokens = tokens_int;\nsort(tokens, -tokens);\nfull seq display on\ntokens;",
            "l = [i * 2 for i in range(3)];\nd = {k: k for k in l};\nd[indices % 2 * 2](\"abc\");\nl[-1];\n\"e\" in tokens;",
            "s = select(tokens, tokens, ==) and not select(indices, indices, <);\ns(\"aab\");\nselector_width(s)(\"aab\");",
            "draw(tokens[-1], \"abc\");\nshow example\nexamples off\nset selector example \"ab\"\ny = 1 if False else 2;",
        };
        return snippets;
    });

    private static string Mutate(string text, (int Kind, int P, int Q)[] mutations)
    {
        foreach (var (kind, p, q) in mutations)
        {
            if (kind <= 2)
            {
                var tokens = Lexer.Tokenize(new SourceText("m", text)).Where(t => t.Kind != TokenKind.EndOfInput).Select(t => t.Text).ToList();
                if (tokens.Count == 0) { text = Vocabulary[q % Vocabulary.Length]; continue; }
                int i = p % tokens.Count, j = q % tokens.Count;
                switch (kind)
                {
                    case 0: tokens.RemoveAt(i); break;
                    case 1: tokens.Insert(i, Vocabulary[q % Vocabulary.Length]); break;
                    default: (tokens[i], tokens[j]) = (tokens[j], tokens[i]); break;
                }
                text = string.Join(" ", tokens).Replace("; ", ";\n", StringComparison.Ordinal);
            }
            else if (text.Length > 0 && kind == 3)
                text = text.Remove(p % text.Length, 1);
            else
                text = text.Insert(text.Length == 0 ? 0 : p % text.Length, Characters[q % Characters.Length].ToString());
        }
        return text;
    }

    private static readonly Gen<(int, int, int)[]> Mutations =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000]).Array[1, 4];

    private static void ParseOnly(string text)
    {
        try
        {
            var parser = new Parser(new SourceText("random.rasp", text));
            while (!parser.AtEnd) parser.TryParseStatement(out _);
            Parser.ParseProgram(new SourceText("random.rasp", text));
        }
        catch (RaspSyntaxError e)
        {
            Assert.Matches(@"^random\.rasp:\d+:\d+: ", e.Message);
        }
    }

    private static void Interpret(string text)
    {
        var interpreter = new Interpreter(TextWriter.Null, ScriptHarness.ExamplesDirectory);
        interpreter.Run(new SourceText("mutated.rasp", text));
    }

    [Fact]
    public void RandomCharactersOnlyGiveSyntaxErrorsWithAPosition() =>
        Gen.String[Gen.Char[Characters], 0, 80].Sample(ParseOnly, iter: 2000, seed: "0N0bsFrlt6Xc");

    [Fact]
    public void RandomTokenSequencesOnlyGiveSyntaxErrorsWithAPosition() =>
        Gen.Int[0, Vocabulary.Length - 1].Array[0, 40].Select(ix => string.Join(" ", ix.Select(i => Vocabulary[i])))
            .Sample(ParseOnly, iter: 2000, seed: "3Xz9ajbPL3Fp");

    [Fact]
    public void MutatedProgramsOnlyGiveSyntaxErrorsWithAPosition() =>
        Gen.Select(Gen.Int[0, 7], Mutations).Sample(t => ParseOnly(Mutate(Corpus.Value[t.Item1], t.Item2)), iter: 500, seed: "1hVq8Y2fSd0s");

    [Fact]
    public void TheInterpreterSurvivesMutatedPrograms() =>
        Gen.Select(Gen.Int[2, 7], Mutations).Sample(t => Interpret(Mutate(Corpus.Value[t.Item1], t.Item2)), iter: 300, seed: "2cYbn93Kd0qW");

    [Fact]
    public void TheInterpreterSurvivesMutatedExampleFiles() =>
        Gen.Select(Gen.Int[0, 1], Mutations).Sample(t => Interpret(Mutate(Corpus.Value[t.Item1], t.Item2)), iter: 40, seed: "4Ggw0Lq1mN7e");
}
