using System.Collections.Immutable;
using System.Globalization;

namespace Glassbox.Looped.Fleq;

/// <summary>
/// Reads FLEQ program files. One statement per line, <c>#</c> comments:
/// <c>scalar NAME = v</c> · <c>matrix NAME R C [= v11 v12 …]</c> (row-major; zeros if omitted) ·
/// <c>[label:] C = f(A[, B]) [if FLAG &lt;= 0 goto LABEL]</c> · <c>[label:] goto LABEL</c> · <c>[label:] halt</c>.
/// Functions: copy, add, sub, mul, div, sqrt, transpose, matmul, newton, power. Errors name file:line:column.
/// </summary>
public static class FleqSource
{
    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static FleqProgram Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        return Parse(File.ReadAllText(path), path);
    }

    private static readonly Dictionary<string, (FleqFunction F, int Arity)> Functions = new()
    {
        ["copy"] = (FleqFunction.Copy, 1), ["add"] = (FleqFunction.Add, 2), ["sub"] = (FleqFunction.Sub, 2),
        ["mul"] = (FleqFunction.Mul, 2), ["div"] = (FleqFunction.Div, 2), ["sqrt"] = (FleqFunction.Sqrt, 1),
        ["transpose"] = (FleqFunction.Transpose, 1), ["matmul"] = (FleqFunction.MatMul, 2),
        ["newton"] = (FleqFunction.Newton, 2), ["power"] = (FleqFunction.Power, 2),
    };

    /// <summary>Parses program text; <paramref name="file"/> names the source in errors.</summary>
    public static FleqProgram Parse(string text, string file = "<input>")
    {
        var names = new List<string>();
        var memory = new List<FleqValue>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<(int Line, int Col, string Text, Func<Func<string, int, int, int>, FleqInstruction> Make)>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var ln = 0; ln < lines.Length; ln++)
        {
            var raw = lines[ln];
            var hash = raw.IndexOf('#');
            var line = hash >= 0 ? raw[..hash] : raw;
            var tokens = Tokenize(line, file, ln + 1);
            if (tokens.Count == 0) continue;
            UserError Err((string T, int C) at, string msg) => new($"{file}:{ln + 1}:{at.C}: {msg}");
            var pos = 0;
            while (pos + 1 < tokens.Count && tokens[pos + 1].T == ":" && IsName(tokens[pos].T))
            {
                if (!labels.TryAdd(tokens[pos].T, pending.Count)) throw Err(tokens[pos], $"label '{tokens[pos].T}' is defined twice");
                pos += 2;
            }
            if (pos >= tokens.Count) throw Err(tokens[^1], "a label must be followed by an instruction on the same line");
            var head = tokens[pos];
            double Number((string T, int C) t) =>
                double.TryParse(t.T, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw Err(t, $"expected a number, found '{t.T}'");
            int Integer((string T, int C) t) =>
                int.TryParse(t.T, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v is >= 1 and <= 64 ? v : throw Err(t, $"expected a size 1..64, found '{t.T}'");
            void Declare((string T, int C) name, FleqValue value)
            {
                if (!IsName(name.T)) throw Err(name, $"'{name.T}' is not a name");
                if (!index.TryAdd(name.T, names.Count)) throw Err(name, $"cell '{name.T}' is declared twice");
                names.Add(name.T);
                memory.Add(value);
            }
            if (head.T is "scalar" or "matrix" && pos == 0)
            {
                if (head.T == "scalar")
                {
                    if (tokens.Count != 4 || tokens[2].T != "=") throw Err(head, "expected 'scalar NAME = value'");
                    Declare(tokens[1], FleqValue.Scalar(Number(tokens[3])));
                    continue;
                }
                if (tokens.Count < 4) throw Err(head, "expected 'matrix NAME ROWS COLS [= values]'");
                int r = Integer(tokens[2]), c = Integer(tokens[3]);
                var values = new double[r * c];
                if (tokens.Count > 4)
                {
                    if (tokens[4].T != "=") throw Err(tokens[4], "expected '=' before the values");
                    if (tokens.Count - 5 != r * c) throw Err(tokens[4], $"matrix {tokens[1].T} needs {r * c} values, found {tokens.Count - 5}");
                    for (var k = 0; k < r * c; k++) values[k] = Number(tokens[5 + k]);
                }
                Declare(tokens[1], new FleqValue(r, c, [.. values]));
                continue;
            }
            var lineNo = ln + 1;
            if (head.T == "halt" || head.T == "goto")
            {
                var isGoto = head.T == "goto";
                if (tokens.Count != pos + (isGoto ? 2 : 1)) throw Err(head, isGoto ? "expected 'goto LABEL'" : "'halt' takes nothing");
                var target = isGoto ? tokens[pos + 1] : default;
                pending.Add((lineNo, head.C, head.T, resolve => new FleqInstruction(FleqFunction.Nop, 0, 0, 0, null,
                    isGoto ? resolve(target.T, lineNo, target.C) : -1, lineNo)));
                continue;
            }
            // C = f(A[, B]) [if FLAG <= 0 goto LABEL]
            if (pos + 4 >= tokens.Count || tokens[pos + 1].T != "=" || tokens[pos + 3].T != "(")
                throw Err(head, "expected 'C = f(A, B)', 'goto LABEL' or 'halt'");
            var fname = tokens[pos + 2];
            if (!Functions.TryGetValue(fname.T, out var fn)) throw Err(fname, $"unknown function '{fname.T}' (known: {string.Join(", ", Functions.Keys)})");
            var args = new List<(string T, int C)>();
            var p = pos + 4;
            while (p < tokens.Count && tokens[p].T != ")")
            {
                if (tokens[p].T != ",") args.Add(tokens[p]);
                p++;
            }
            if (p >= tokens.Count) throw Err(tokens[^1], "missing ')'");
            if (args.Count != fn.Arity) throw Err(fname, $"{fname.T} takes {fn.Arity} operand(s), found {args.Count}");
            p++;
            (string T, int C)? flag = null, label = null;
            if (p < tokens.Count)
            {
                if (tokens.Count != p + 6 || tokens[p].T != "if" || tokens[p + 2].T != "<=" || tokens[p + 3].T != "0" || tokens[p + 4].T != "goto")
                    throw Err(tokens[p], "expected 'if FLAG <= 0 goto LABEL'");
                flag = tokens[p + 1];
                label = tokens[p + 5];
            }
            var cTok = head;
            var aTok = args[0];
            var bTok = args.Count > 1 ? args[1] : args[0];
            pending.Add((lineNo, head.C, head.T, resolve => new FleqInstruction(fn.F, resolve(cTok.T, lineNo, -cTok.C), resolve(aTok.T, lineNo, -aTok.C),
                resolve(bTok.T, lineNo, -bTok.C), flag is { } f ? resolve(f.T, lineNo, -f.C) : null,
                label is { } l ? resolve(l.T, lineNo, l.C) : -1, lineNo)));
        }
        // Negative columns resolve cell names, positive ones labels.
        int Resolve(string name, int line, int col)
        {
            if (col < 0)
                return index.TryGetValue(name, out var i) ? i : throw new UserError($"{file}:{line}:{-col}: unknown cell '{name}'");
            return labels.TryGetValue(name, out var k) ? k : throw new UserError($"{file}:{line}:{col}: unknown label '{name}'");
        }
        var code = pending.Select(p => p.Make(Resolve)).ToImmutableArray();
        if (code.IsEmpty) throw new UserError($"{file}:1:1: the program has no instructions");
        return new FleqProgram([.. names], [.. memory], code);
    }

    private static bool IsName(string s) => s.Length > 0 && (char.IsLetter(s[0]) || s[0] == '_') && s.All(ch => char.IsLetterOrDigit(ch) || ch == '_');

    private static List<(string T, int C)> Tokenize(string line, string file, int ln)
    {
        var tokens = new List<(string, int)>();
        var i = 0;
        while (i < line.Length)
        {
            var ch = line[i];
            if (char.IsWhiteSpace(ch)) { i++; continue; }
            var start = i;
            if (ch == '<' && i + 1 < line.Length && line[i + 1] == '=') { tokens.Add(("<=", i + 1)); i += 2; continue; }
            if (ch is '(' or ')' or ',' or '=' or ':') { tokens.Add((ch.ToString(), i + 1)); i++; continue; }
            if (char.IsLetterOrDigit(ch) || ch is '_' or '-' or '+' or '.')
            {
                while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] is '_' or '-' or '+' or '.')) i++;
                tokens.Add((line[start..i], start + 1));
                continue;
            }
            throw new UserError($"{file}:{ln}:{i + 1}: unexpected character '{ch}'");
        }
        return tokens;
    }
}
