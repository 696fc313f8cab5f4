using System.Globalization;
using System.Text;

namespace Glassbox.Looped;

/// <summary>
/// Reads SUBLEQ program files. One statement per line, <c>#</c> starts a comment. The raw form is
/// <c>bits N</c>, <c>mem v0 v1 …</c> and one instruction <c>a b c</c> per line (0-based memory indices a, b and
/// instruction index c). The assembly form adds named cells (<c>cell n = 5</c>, <c>cell xs[3] = 1 2 3</c>), labels
/// (<c>loop:</c>), <c>subleq A, B[, C]</c> (C defaults to the next instruction) and <c>halt</c> (the EOF self-loop on
/// the cells <c>zero</c> and <c>minus_one</c>, declared at the end of memory if the program has not). Both forms may be
/// mixed. Errors are <see cref="UserError"/>s naming <c>file:line:column</c>.
/// </summary>
public static class SubleqSource
{
    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static SubleqProgram Load(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such file");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses program text; <paramref name="file"/> names the source in error messages.</summary>
    public static SubleqProgram Parse(string text, string file = "<input>") => new Assembler(file).Assemble(text);

    /// <summary>Writes <paramref name="program"/> in the raw form (parseable by <see cref="Parse"/>), with cell names as comments.</summary>
    public static string ToRaw(SubleqProgram program)
    {
        var sb = new StringBuilder();
        sb.Append("# raw SUBLEQ: ").Append(program.Memory.Length).Append(" words, ")
          .Append(program.Instructions.Length).Append(" instructions\n");
        sb.Append("bits ").Append(program.Bits.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (program.CellNames.Count > 0)
            sb.Append("# cells: ").AppendJoin(' ', Enumerable.Range(0, program.Memory.Length).Select(i => $"{i}={program.CellName(i)}")).Append('\n');
        sb.Append("mem ").AppendJoin(' ', program.Memory.Select(v => v.ToString(CultureInfo.InvariantCulture))).Append('\n');
        for (var k = 0; k < program.Instructions.Length; k++)
        {
            var (a, b, c) = program.Instructions[k];
            sb.Append(a).Append(' ').Append(b).Append(' ').Append(c)
              .Append("   # ").Append(k).Append(": ").Append(program.CellName(b)).Append(" -= ").Append(program.CellName(a))
              .Append(k == program.EofIndex ? " (EOF)" : "").Append('\n');
        }
        return sb.ToString();
    }

    private readonly record struct Token(string Text, int Line, int Column, bool IsNumber, bool IsName);

    private enum OperandKind { Memory, Target }

    private sealed record PendingOperand(Token First, Token? Index, OperandKind Kind);

    private sealed record PendingInstruction(Token At, PendingOperand A, PendingOperand B, PendingOperand? C, bool IsHalt);

    private sealed class Assembler(string file)
    {
        private int? _bits;
        private Token? _bitsToken;
        private readonly List<(long Value, Token At)> _memory = [];
        private readonly Dictionary<string, (int Index, int Length)> _cells = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> _names = [];
        private readonly Dictionary<string, int> _labels = new(StringComparer.Ordinal);
        private readonly List<Token> _pendingLabels = [];
        private readonly List<PendingInstruction> _code = [];

        private UserError Error(Token t, string message) => new($"{file}:{t.Line}:{t.Column}: {message}");

        public SubleqProgram Assemble(string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++) Statement(Tokenize(lines[i], i + 1), i + 1);
            if (_pendingLabels.Count > 0)
                throw Error(_pendingLabels[0], $"label '{_pendingLabels[0].Text}' labels no instruction");
            if (_bits is null)
                throw new UserError($"{file}:1:1: missing 'bits N' (the word width)");
            if (_code.Any(c => c.IsHalt)) DeclareHaltConstants();
            if (_memory.Count == 0) throw new UserError($"{file}:1:1: the program declares no memory ('mem' or 'cell')");
            if (_code.Count == 0) throw new UserError($"{file}:1:1: the program has no instructions");
            foreach (var (value, at) in _memory)
                if (!TwosComplement.Fits(value, _bits.Value))
                    throw Error(at, $"value {value} does not fit {_bits}-bit two's complement [{TwosComplement.Min(_bits.Value)}, {TwosComplement.Max(_bits.Value)}] (set by {file}:{_bitsToken!.Value.Line})");
            var code = new List<SubleqInstruction>(_code.Count);
            for (var k = 0; k < _code.Count; k++)
            {
                var p = _code[k];
                var a = ResolveMemory(p.A);
                var b = ResolveMemory(p.B);
                var c = p.IsHalt ? k : p.C is null ? k + 1 : ResolveTarget(p.C);
                if (c >= _code.Count)
                    throw Error(p.At, $"instruction {k} falls through past the last instruction; end the program with 'halt'");
                code.Add(new SubleqInstruction(a, b, c));
            }
            var last = _code[^1];
            if (code[^1].C != code.Count - 1)
                throw Error(last.At, $"the last instruction must be the EOF self-loop (jump to itself, e.g. 'halt'), but it jumps to {code[^1].C}");
            return new SubleqProgram(_bits.Value, _memory.Select(m => m.Value), code, _names);
        }

        private void DeclareHaltConstants()
        {
            foreach (var (name, value) in new[] { ("zero", 0L), ("minus_one", -1L) })
            {
                if (_cells.TryGetValue(name, out var cell))
                {
                    if (_memory[cell.Index].Value != value)
                        throw Error(_memory[cell.Index].At, $"'halt' needs cell '{name}' to start at {value}");
                    continue;
                }
                _cells[name] = (_memory.Count, 1);
                _names[_memory.Count] = name;
                _memory.Add((value, new Token(name, 1, 1, false, true)));
            }
        }

        private int ResolveMemory(PendingOperand op)
        {
            var t = op.First;
            if (t.IsNumber)
            {
                var v = ParseLong(t);
                if (v < 0 || v >= _memory.Count) throw Error(t, $"memory address {v} is outside 0..{_memory.Count - 1}");
                return (int)v;
            }
            if (!_cells.TryGetValue(t.Text, out var cell)) throw Error(t, $"unknown cell '{t.Text}'");
            if (op.Index is not { } idx) return cell.Index;
            var i = ParseLong(idx);
            if (i < 0 || i >= cell.Length) throw Error(idx, $"index {i} is outside {t.Text}[0..{cell.Length - 1}]");
            return cell.Index + (int)i;
        }

        private int ResolveTarget(PendingOperand op)
        {
            var t = op.First;
            if (t.IsNumber)
            {
                var v = ParseLong(t);
                if (v < 0 || v >= _code.Count) throw Error(t, $"jump target {v} is outside instructions 0..{_code.Count - 1}");
                return (int)v;
            }
            if (!_labels.TryGetValue(t.Text, out var k)) throw Error(t, $"unknown label '{t.Text}'");
            return k;
        }

        private long ParseLong(Token t) =>
            long.TryParse(t.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
                ? v : throw Error(t, $"integer '{t.Text}' is out of range");

        private void Statement(List<Token> tokens, int line)
        {
            var pos = 0;
            while (pos + 1 < tokens.Count && tokens[pos].IsName && tokens[pos + 1].Text == ":")
            {
                var label = tokens[pos];
                if (_labels.ContainsKey(label.Text) || _pendingLabels.Any(l => l.Text == label.Text))
                    throw Error(label, $"label '{label.Text}' is defined twice");
                _pendingLabels.Add(label);
                pos += 2;
            }
            if (pos >= tokens.Count) return;
            var head = tokens[pos];
            if (head.IsNumber) { RawInstruction(tokens, pos); return; }
            if (!head.IsName) throw Error(head, $"unexpected '{head.Text}'");
            switch (head.Text)
            {
                case "bits": NoLabels(head); Bits(tokens, pos + 1, head); break;
                case "mem": NoLabels(head); Mem(tokens, pos + 1, head); break;
                case "cell": NoLabels(head); Cell(tokens, pos + 1, head); break;
                case "subleq": Subleq(tokens, pos + 1, head); break;
                case "halt":
                    if (pos + 1 < tokens.Count) throw Error(tokens[pos + 1], "'halt' takes no operands");
                    var z = new PendingOperand(head with { Text = "zero" }, null, OperandKind.Memory);
                    var m = new PendingOperand(head with { Text = "minus_one" }, null, OperandKind.Memory);
                    AddInstruction(new PendingInstruction(head, z, m, null, true));
                    break;
                default: throw Error(head, $"unknown statement '{head.Text}' (expected bits, mem, cell, subleq, halt, a label or 'a b c')");
            }
        }

        private void NoLabels(Token head)
        {
            if (_pendingLabels.Count > 0) throw Error(_pendingLabels[0], $"a label cannot name a '{head.Text}' line");
        }

        private void AddInstruction(PendingInstruction ins)
        {
            foreach (var l in _pendingLabels) _labels[l.Text] = _code.Count;
            _pendingLabels.Clear();
            _code.Add(ins);
        }

        private void Bits(List<Token> t, int pos, Token head)
        {
            if (_bits is not null) throw Error(head, "'bits' is given twice");
            if (pos >= t.Count || !t[pos].IsNumber) throw Error(pos < t.Count ? t[pos] : head, "'bits' needs a width, e.g. 'bits 8'");
            if (pos + 1 < t.Count) throw Error(t[pos + 1], "'bits' takes one number");
            var n = ParseLong(t[pos]);
            if (n < 2 || n > SubleqProgram.MaxBits) throw Error(t[pos], $"bit width {n} is outside 2..{SubleqProgram.MaxBits}");
            if (_memory.Count > 0) throw Error(head, "'bits' must come before the memory");
            _bits = (int)n;
            _bitsToken = head;
        }

        private void Mem(List<Token> t, int pos, Token head)
        {
            if (pos >= t.Count) throw Error(head, "'mem' needs at least one value");
            for (; pos < t.Count; pos++)
            {
                if (!t[pos].IsNumber) throw Error(t[pos], $"expected an integer, found '{t[pos].Text}'");
                _memory.Add((ParseLong(t[pos]), t[pos]));
            }
        }

        private void Cell(List<Token> t, int pos, Token head)
        {
            if (pos >= t.Count || !t[pos].IsName) throw Error(pos < t.Count ? t[pos] : head, "'cell' needs a name");
            var name = t[pos++];
            if (_cells.ContainsKey(name.Text)) throw Error(name, $"cell '{name.Text}' is declared twice");
            var length = 1;
            var isArray = false;
            if (pos < t.Count && t[pos].Text == "[")
            {
                if (pos + 2 >= t.Count || !t[pos + 1].IsNumber || t[pos + 2].Text != "]")
                    throw Error(t[pos], "array length must be written [k]");
                var k = ParseLong(t[pos + 1]);
                if (k < 1 || k > 1_000_000) throw Error(t[pos + 1], $"array length {k} is outside 1..1000000");
                length = (int)k;
                isArray = true;
                pos += 3;
            }
            var values = new List<Token>();
            if (pos < t.Count)
            {
                if (t[pos].Text != "=") throw Error(t[pos], $"expected '=' after the cell name, found '{t[pos].Text}'");
                for (pos++; pos < t.Count; pos++)
                {
                    if (!t[pos].IsNumber) throw Error(t[pos], $"expected an integer, found '{t[pos].Text}'");
                    values.Add(t[pos]);
                }
                if (values.Count == 0) throw Error(t[pos - 1], "expected a value after '='");
            }
            if (values.Count > length) throw Error(values[length], $"cell '{name.Text}' has room for {length} value(s)");
            _cells[name.Text] = (_memory.Count, length);
            for (var i = 0; i < length; i++)
            {
                _names[_memory.Count] = isArray ? $"{name.Text}[{i}]" : name.Text;
                _memory.Add(i < values.Count ? (ParseLong(values[i]), values[i]) : (0, name));
            }
        }

        private void RawInstruction(List<Token> t, int pos)
        {
            var count = t.Count - pos;
            if (count != 3 || !t.Skip(pos).All(x => x.IsNumber))
                throw Error(t[pos], "a raw instruction is three integers 'a b c'");
            AddInstruction(new PendingInstruction(t[pos],
                new PendingOperand(t[pos], null, OperandKind.Memory),
                new PendingOperand(t[pos + 1], null, OperandKind.Memory),
                new PendingOperand(t[pos + 2], null, OperandKind.Target), false));
        }

        private void Subleq(List<Token> t, int pos, Token head)
        {
            var operands = new List<PendingOperand>();
            while (pos < t.Count)
            {
                var first = t[pos];
                if (!first.IsName && !first.IsNumber) throw Error(first, $"expected an operand, found '{first.Text}'");
                pos++;
                Token? index = null;
                if (pos < t.Count && t[pos].Text == "[")
                {
                    if (!first.IsName) throw Error(t[pos], "only a named cell can be indexed");
                    if (pos + 2 >= t.Count || !t[pos + 1].IsNumber || t[pos + 2].Text != "]")
                        throw Error(t[pos], "an index must be written [i]");
                    index = t[pos + 1];
                    pos += 3;
                }
                operands.Add(new PendingOperand(first, index, operands.Count < 2 ? OperandKind.Memory : OperandKind.Target));
                if (pos < t.Count)
                {
                    if (t[pos].Text != ",") throw Error(t[pos], $"expected ',' between operands, found '{t[pos].Text}'");
                    pos++;
                    if (pos >= t.Count) throw Error(t[pos - 1], "expected an operand after ','");
                }
            }
            if (operands.Count is < 2 or > 3) throw Error(head, $"'subleq' takes 2 or 3 operands (A, B[, C]), found {operands.Count}");
            if (operands.Count == 3 && operands[2].Index is not null) throw Error(operands[2].Index!.Value, "a jump target cannot be indexed");
            AddInstruction(new PendingInstruction(head, operands[0], operands[1], operands.Count == 3 ? operands[2] : null, false));
        }

        private List<Token> Tokenize(string line, int lineNo)
        {
            var tokens = new List<Token>();
            var i = 0;
            while (i < line.Length)
            {
                var ch = line[i];
                if (ch == '#') break;
                if (char.IsWhiteSpace(ch)) { i++; continue; }
                var start = i;
                if (char.IsDigit(ch) || ((ch == '-' || ch == '+') && i + 1 < line.Length && char.IsDigit(line[i + 1])))
                {
                    i++;
                    while (i < line.Length && char.IsDigit(line[i])) i++;
                    if (i < line.Length && (char.IsLetter(line[i]) || line[i] == '_'))
                        throw new UserError($"{file}:{lineNo}:{start + 1}: malformed number '{line[start..(i + 1)]}'");
                    tokens.Add(new Token(line[start..i], lineNo, start + 1, true, false));
                }
                else if (char.IsLetter(ch) || ch == '_')
                {
                    while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] == '_')) i++;
                    tokens.Add(new Token(line[start..i], lineNo, start + 1, false, true));
                }
                else if (ch is ':' or ',' or '=' or '[' or ']')
                {
                    tokens.Add(new Token(ch.ToString(), lineNo, start + 1, false, false));
                    i++;
                }
                else throw new UserError($"{file}:{lineNo}:{start + 1}: unexpected character '{ch}'");
            }
            return tokens;
        }
    }
}
