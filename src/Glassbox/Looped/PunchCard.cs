using System.Collections.Immutable;
using System.Numerics;

namespace Glassbox.Looped;

/// <summary>
/// The row and column layout of the looped SUBLEQ computer's state matrix X (d × n, tokens are columns), after
/// looped.md §7 with one scratchpad column (s = 1): column 0 is the scratchpad, columns 1…m hold memory words and
/// columns m+1…n−1 the instructions. Rows, top to bottom: INS (3L) · MEM (N) · SI (3L) · SNX (L) · SRES (N) ·
/// FLAG (1) · PC (L) · POS (L) · BUF (max(3L, 2N)) · ι (1), with L = ⌈log₂ n⌉ address bits.
/// </summary>
public sealed record SubleqLayout
{
    /// <summary>Lays out a program with <paramref name="memoryWords"/> words, <paramref name="instructions"/> instructions and N = <paramref name="bits"/>.</summary>
    public SubleqLayout(int memoryWords, int instructions, int bits)
    {
        MemoryWords = memoryWords;
        InstructionCount = instructions;
        Bits = bits;
        Columns = 1 + memoryWords + instructions;
        AddressBits = Math.Max(1, (int)Math.Ceiling(Math.Log2(Columns)));
        while ((1L << AddressBits) < Columns) AddressBits++;
        var l = AddressBits;
        Ins = 0;
        Mem = Ins + 3 * l;
        Si = Mem + bits;
        Snx = Si + 3 * l;
        Sres = Snx + l;
        Flag = Sres + bits;
        Pc = Flag + 1;
        Pos = Pc + l;
        Buf = Pos + l;
        BufWidth = Math.Max(3 * l, 2 * bits);
        Iota = Buf + BufWidth;
        Width = Iota + 1;
    }

    /// <summary>The layout of <paramref name="program"/>.</summary>
    public static SubleqLayout For(SubleqProgram program) => new(program.Memory.Length, program.Instructions.Length, program.Bits);

    /// <summary>m, the number of memory words.</summary>
    public int MemoryWords { get; }
    /// <summary>Number of instructions including EOF.</summary>
    public int InstructionCount { get; }
    /// <summary>N, bits per word.</summary>
    public int Bits { get; }
    /// <summary>n, the number of columns (tokens).</summary>
    public int Columns { get; }
    /// <summary>L, bits per address (positional code).</summary>
    public int AddressBits { get; }
    /// <summary>d, the residual width: 9L + 2N + max(3L, 2N) + 2.</summary>
    public int Width { get; }
    /// <summary>First row of the instruction field [p_a; p_b; p_c] (instruction columns).</summary>
    public int Ins { get; }
    /// <summary>First row of the memory word (memory columns), MSB first.</summary>
    public int Mem { get; }
    /// <summary>First row of the current instruction [p_a; p_b; p_c] (column 0).</summary>
    public int Si { get; }
    /// <summary>First row of PC + 1 (column 0).</summary>
    public int Snx { get; }
    /// <summary>First row of the result mem[b] − mem[a] (column 0).</summary>
    public int Sres { get; }
    /// <summary>The branch flag row (column 0): 1 when the result is ≤ 0.</summary>
    public int Flag { get; }
    /// <summary>First row of the program counter code (column 0).</summary>
    public int Pc { get; }
    /// <summary>First row of the positional code p_i (zero in column 0).</summary>
    public int Pos { get; }
    /// <summary>First row of the attention buffer.</summary>
    public int Buf { get; }
    /// <summary>Rows in the attention buffer.</summary>
    public int BufWidth { get; }
    /// <summary>The scratchpad indicator row ι (1 in column 0 only).</summary>
    public int Iota { get; }

    /// <summary>The column of memory word <paramref name="index"/>.</summary>
    public int MemoryColumn(int index) => 1 + index;
    /// <summary>The column of instruction <paramref name="index"/>.</summary>
    public int InstructionColumn(int index) => 1 + MemoryWords + index;

    /// <summary>The residual-direction label of row <paramref name="row"/>, e.g. <c>mem[0]</c> (the MSB) or <c>pc[2]</c>.</summary>
    public string RowLabel(int row)
    {
        var l = AddressBits;
        (string, int)[] fields =
        [
            ("ins.a", Ins), ("ins.b", Ins + l), ("ins.c", Ins + 2 * l), ("mem", Mem), ("si.a", Si), ("si.b", Si + l), ("si.c", Si + 2 * l),
            ("snx", Snx), ("sres", Sres), ("flag", Flag), ("pc", Pc), ("pos", Pos), ("buf", Buf), ("iota", Iota), ("", Width),
        ];
        for (var f = 0; f + 1 < fields.Length; f++)
            if (row >= fields[f].Item2 && row < fields[f + 1].Item2)
                return fields[f].Item1 is "flag" or "iota" ? fields[f].Item1 : $"{fields[f].Item1}[{row - fields[f].Item2}]";
        throw new ArgumentOutOfRangeException(nameof(row));
    }
}

/// <summary>
/// The punch card: encodes a SUBLEQ program and machine state into the input matrix X and decodes X back.
/// X is stored column-major (column j is the d-vector at <c>x[j·d … j·d + d)</c>). Positional codes are
/// p_i = 2·bin_L(i) − 1, MSB first; numbers are N-bit two's complement with each bit b stored as 2b − 1, MSB first.
/// </summary>
public static class PunchCard
{
    /// <summary>Writes the L-bit code of <paramref name="value"/> (bits as ±1, MSB first) at <paramref name="row"/> of a column.</summary>
    public static void WriteCode<T>(Span<T> column, int row, long value, int bits) where T : IFloatingPointIeee754<T>
    {
        for (var k = 0; k < bits; k++)
            column[row + k] = ((value >> (bits - 1 - k)) & 1) == 1 ? T.One : -T.One;
    }

    /// <summary>Reads a ±1 code (by sign) at <paramref name="row"/> as an unsigned integer.</summary>
    public static long ReadCode<T>(ReadOnlySpan<T> column, int row, int bits) where T : IFloatingPointIeee754<T>
    {
        long v = 0;
        for (var k = 0; k < bits; k++) v = (v << 1) | (column[row + k] > T.Zero ? 1L : 0L);
        return v;
    }

    /// <summary>Encodes the program at the start of execution (pc = 0, initial memory).</summary>
    public static T[] Encode<T>(SubleqProgram program) where T : IFloatingPointIeee754<T> =>
        Encode<T>(program, new SubleqState(0, program.Memory, 0));

    /// <summary>Encodes the program with machine state <paramref name="state"/> into X (d·n, column-major).</summary>
    public static T[] Encode<T>(SubleqProgram program, SubleqState state) where T : IFloatingPointIeee754<T>
    {
        var lay = SubleqLayout.For(program);
        int d = lay.Width, l = lay.AddressBits, nBits = program.Bits;
        var x = new T[d * lay.Columns];
        var col0 = x.AsSpan(0, d);
        col0[lay.Iota] = T.One;
        WriteCode(col0, lay.Pc, lay.InstructionColumn(state.Pc), l);
        for (var j = 1; j < lay.Columns; j++)
            WriteCode(x.AsSpan(j * d, d), lay.Pos, j, l);
        for (var i = 0; i < program.Memory.Length; i++)
            WriteCode(x.AsSpan(lay.MemoryColumn(i) * d, d), lay.Mem, state.Memory[i] & ((1L << nBits) - 1), nBits);
        for (var k = 0; k < program.Instructions.Length; k++)
        {
            var column = x.AsSpan(lay.InstructionColumn(k) * d, d);
            var (a, b, c) = program.Instructions[k];
            WriteCode(column, lay.Ins, lay.MemoryColumn(a), l);
            WriteCode(column, lay.Ins + l, lay.MemoryColumn(b), l);
            WriteCode(column, lay.Ins + 2 * l, lay.InstructionColumn(c), l);
        }
        return x;
    }

    /// <summary>
    /// Decodes the machine state from X: the program counter from column 0's PC rows and each memory word from its
    /// column's MEM rows (by sign). Throws <see cref="InvalidOperationException"/> when PC names no instruction column.
    /// </summary>
    public static SubleqState Decode<T>(SubleqLayout lay, ReadOnlySpan<T> x, long steps) where T : IFloatingPointIeee754<T>
    {
        int d = lay.Width;
        var pcColumn = ReadCode(x[..d], lay.Pc, lay.AddressBits);
        var pc = pcColumn - 1 - lay.MemoryWords;
        if (pc < 0 || pc >= lay.InstructionCount)
            throw new InvalidOperationException($"the program counter points at column {pcColumn}, which holds no instruction");
        var memory = ImmutableArray.CreateBuilder<long>(lay.MemoryWords);
        for (var i = 0; i < lay.MemoryWords; i++)
        {
            var raw = ReadCode(x.Slice(lay.MemoryColumn(i) * d, d), lay.Mem, lay.Bits);
            memory.Add(TwosComplement.Wrap(raw, lay.Bits));
        }
        return new SubleqState((int)pc, memory.MoveToImmutable(), steps);
    }

    /// <summary>Decodes the instruction stored in instruction column <paramref name="index"/> (as memory / instruction indices).</summary>
    public static SubleqInstruction DecodeInstruction<T>(SubleqLayout lay, ReadOnlySpan<T> x, int index) where T : IFloatingPointIeee754<T>
    {
        int d = lay.Width, l = lay.AddressBits;
        var column = x.Slice(lay.InstructionColumn(index) * d, d);
        return new SubleqInstruction(
            (int)ReadCode(column, lay.Ins, l) - 1,
            (int)ReadCode(column, lay.Ins + l, l) - 1,
            (int)ReadCode(column, lay.Ins + 2 * l, l) - 1 - lay.MemoryWords);
    }

    /// <summary>The largest distance of any entry of X from the nearest of {−1, 0, 1}.</summary>
    public static double MaxDistanceFromTernary<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
    {
        var worst = 0.0;
        foreach (var v in x)
        {
            var f = double.CreateChecked(v);
            var dist = Math.Min(Math.Abs(f), Math.Min(Math.Abs(f - 1), Math.Abs(f + 1)));
            if (!(dist <= worst)) worst = double.IsNaN(dist) ? double.PositiveInfinity : dist;
        }
        return worst;
    }
}
