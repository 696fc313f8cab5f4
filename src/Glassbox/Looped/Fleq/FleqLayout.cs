using System.Collections.Immutable;

namespace Glassbox.Looped.Fleq;

/// <summary>
/// The state matrix X of the looped FLEQ computer (d × n, tokens are columns). Columns: 0 the scratchpad · one per
/// cell (its S² entries, zero-padded) · one per instruction (the last is EOF) · a reference column (the zero-score
/// partner of the linearised products). Fixed rows, top to bottom: ι (column 0) · ρ (reference column) · ONE (every
/// column) · ν = 1 − ι · INS = [p_a; p_b; p_c; p_flag; p_target; NOT one-hot lane (M: 0 on the chosen lane, 1 on
/// the others); flag-is-c; flag-is-not-c] · MEM (S²) · SI (the fetched
/// instruction) · SNX · PC · POS · OPA, OPB (S² each) · FV · RES (S²) · FVE · FLAG · BUF; the function blocks'
/// rows follow (allocated by <see cref="FleqConstruction"/>).
/// </summary>
public sealed record FleqLayout
{
    /// <summary>Lays out a card.</summary>
    public FleqLayout(FleqCard card)
    {
        Side = card.Side;
        Cells = card.Memory.Length;
        InstructionCount = card.Instructions.Length;
        Columns = 1 + Cells + InstructionCount + 1;
        AddressBits = 1;
        while ((1L << AddressBits) < Columns) AddressBits++;
        int l = AddressBits, k = Entries;
        InstructionWidth = 5 * l + Lanes + 2;
        var row = 4;
        int Take(int count) { var at = row; row += count; return at; }
        Ins = Take(InstructionWidth);
        Mem = Take(k);
        Si = Take(InstructionWidth);
        Snx = Take(l);
        Pc = Take(l);
        Pos = Take(l);
        OpA = Take(k);
        OpB = Take(k);
        Fv = Take(1);
        Res = Take(k);
        Fve = Take(1);
        Flag = Take(1);
        Buf = Take(Math.Max(InstructionWidth, 2 * k + 1));
        FixedWidth = row;
    }

    /// <summary>M, the number of function blocks.</summary>
    public static int Lanes => Enum.GetValues<FleqLane>().Length;

    /// <summary>S, the side of the padded cell block.</summary>
    public int Side { get; }
    /// <summary>S², entries per cell.</summary>
    public int Entries => Side * Side;
    /// <summary>Cells including the two constants.</summary>
    public int Cells { get; }
    /// <summary>Instructions including EOF.</summary>
    public int InstructionCount { get; }
    /// <summary>n, the number of columns.</summary>
    public int Columns { get; }
    /// <summary>L, bits per positional code.</summary>
    public int AddressBits { get; }
    /// <summary>Rows of an instruction field: 5L + M + 2.</summary>
    public int InstructionWidth { get; }
    /// <summary>The scratchpad indicator row ι (1 in column 0).</summary>
    public int Iota => 0;
    /// <summary>The reference-column indicator row ρ.</summary>
    public int Rho => 1;
    /// <summary>The constant row (1 in every column).</summary>
    public int One => 2;
    /// <summary>ν = 1 − ι: 1 in every column but column 0 (a gate that is exactly 0 where it opens).</summary>
    public int Nu => 3;
    /// <summary>First row of the instruction field (instruction columns).</summary>
    public int Ins { get; }
    /// <summary>First row of a cell's entries (cell columns), row-major in the S×S block.</summary>
    public int Mem { get; }
    /// <summary>First row of the fetched instruction (column 0).</summary>
    public int Si { get; }
    /// <summary>First row of PC + 1.</summary>
    public int Snx { get; }
    /// <summary>First row of the program counter.</summary>
    public int Pc { get; }
    /// <summary>First row of the positional code (zero in column 0).</summary>
    public int Pos { get; }
    /// <summary>First rows of the two gathered operands.</summary>
    public int OpA { get; }
    /// <inheritdoc cref="OpA"/>
    public int OpB { get; }
    /// <summary>The gathered flag cell's entry (0, 0).</summary>
    public int Fv { get; }
    /// <summary>First row of the selected result.</summary>
    public int Res { get; }
    /// <summary>The value the branch tests (the new result when the flag cell is c).</summary>
    public int Fve { get; }
    /// <summary>The branch flag: 1 when the tested value is ≤ 0.</summary>
    public int Flag { get; }
    /// <summary>First row of the attention buffer.</summary>
    public int Buf { get; }
    /// <summary>Rows before the function blocks' own rows.</summary>
    public int FixedWidth { get; }

    /// <summary>Offsets inside an instruction field.</summary>
    public int FieldA => 0;
    /// <inheritdoc cref="FieldA"/>
    public int FieldB => AddressBits;
    /// <inheritdoc cref="FieldA"/>
    public int FieldC => 2 * AddressBits;
    /// <inheritdoc cref="FieldA"/>
    public int FieldFlag => 3 * AddressBits;
    /// <inheritdoc cref="FieldA"/>
    public int FieldTarget => 4 * AddressBits;
    /// <inheritdoc cref="FieldA"/>
    public int FieldLane => 5 * AddressBits;
    /// <inheritdoc cref="FieldA"/>
    public int FieldFlagIsC => 5 * AddressBits + Lanes;
    /// <inheritdoc cref="FieldA"/>
    public int FieldFlagIsNotC => 5 * AddressBits + Lanes + 1;

    /// <summary>Column of cell <paramref name="index"/>.</summary>
    public int CellColumn(int index) => 1 + index;
    /// <summary>Column of instruction <paramref name="index"/>.</summary>
    public int InstructionColumn(int index) => 1 + Cells + index;
    /// <summary>The reference column (the last).</summary>
    public int ReferenceColumn => Columns - 1;

    /// <summary>Encodes the card at its start into X (width·n, column-major).</summary>
    public double[] Encode(FleqCard card, int width)
    {
        int l = AddressBits, s = Side;
        var x = new double[width * Columns];
        Span<double> Col(int j) => x.AsSpan(j * width, width);
        for (var j = 0; j < Columns; j++) Col(j)[One] = 1;
        for (var j = 1; j < Columns; j++) Col(j)[Nu] = 1;
        Col(0)[Iota] = 1;
        Col(ReferenceColumn)[Rho] = 1;
        PunchCard.WriteCode(Col(0), Pc, InstructionColumn(0), l);
        for (var j = 1; j < Columns; j++) PunchCard.WriteCode(Col(j), Pos, j, l);
        for (var c = 0; c < Cells; c++)
        {
            var v = card.Memory[c];
            for (var i = 0; i < v.Rows; i++)
                for (var k = 0; k < v.Cols; k++) Col(CellColumn(c))[Mem + i * s + k] = v[i, k];
        }
        for (var k = 0; k < InstructionCount; k++)
        {
            var col = Col(InstructionColumn(k));
            var ins = card.Instructions[k];
            PunchCard.WriteCode(col, Ins + FieldA, CellColumn(ins.A), l);
            PunchCard.WriteCode(col, Ins + FieldB, CellColumn(ins.B), l);
            PunchCard.WriteCode(col, Ins + FieldC, CellColumn(ins.C), l);
            PunchCard.WriteCode(col, Ins + FieldFlag, CellColumn(ins.Flag), l);
            PunchCard.WriteCode(col, Ins + FieldTarget, InstructionColumn(ins.Target), l);
            for (var m = 0; m < Lanes; m++) col[Ins + FieldLane + m] = m == (int)ins.Lane ? 0 : 1;
            col[Ins + FieldFlagIsC] = ins.FlagIsC ? 1 : 0;
            col[Ins + FieldFlagIsNotC] = ins.FlagIsC ? 0 : 1;
        }
        return x;
    }

    /// <summary>The program counter (an instruction index) decoded from column 0, or −1 when PC names no instruction.</summary>
    public int DecodePc(ReadOnlySpan<double> x, int width)
    {
        var k = (int)PunchCard.ReadCode(x[..width], Pc, AddressBits) - 1 - Cells;
        return k >= 0 && k < InstructionCount ? k : -1;
    }

    /// <summary>The program cells (declared shapes) decoded from X.</summary>
    public ImmutableArray<FleqValue> DecodeMemory(FleqCard card, ReadOnlySpan<double> x, int width)
    {
        var cells = ImmutableArray.CreateBuilder<FleqValue>(card.ProgramCells);
        for (var c = 0; c < card.ProgramCells; c++)
        {
            var shape = card.Memory[c];
            var col = x.Slice(CellColumn(c) * width, width);
            var data = new double[shape.Rows * shape.Cols];
            for (var i = 0; i < shape.Rows; i++)
                for (var k = 0; k < shape.Cols; k++) data[i * shape.Cols + k] = col[Mem + i * Side + k];
            cells.Add(new FleqValue(shape.Rows, shape.Cols, [.. data]));
        }
        return cells.MoveToImmutable();
    }
}
