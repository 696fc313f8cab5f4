using System.Collections.Immutable;

namespace Glassbox.Looped.Fleq;

/// <summary>
/// The function blocks of the looped FLEQ computer, in the order of the instruction's one-hot selector rows. Every
/// block runs on every loop (the blocks are placed in parallel); the selector picks one result.
/// </summary>
public enum FleqLane
{
    /// <summary>c = a.</summary>
    Copy,
    /// <summary>c = a + b.</summary>
    Add,
    /// <summary>c = a − b.</summary>
    Sub,
    /// <summary>c = a ⊙ b (same shapes).</summary>
    Mul,
    /// <summary>c = a·b with a scalar a (mul of a scalar and a matrix).</summary>
    Scale,
    /// <summary>c = a / b (scalars).</summary>
    Div,
    /// <summary>c = √a (scalar).</summary>
    Sqrt,
    /// <summary>c = aᵀ.</summary>
    Transpose,
    /// <summary>c = a·b.</summary>
    MatMul,
    /// <summary>c = b(2I − a·b).</summary>
    Newton,
    /// <summary>c = a·b / ‖a·b‖.</summary>
    Power,
}

/// <summary>One instruction of the looped FLEQ computer: cell and instruction indices, lane and whether the flag cell is c.</summary>
public readonly record struct FleqCardInstruction(FleqLane Lane, int A, int B, int C, int Flag, int Target, bool FlagIsC);

/// <summary>
/// A FLEQ program as the looped transformer runs it. Every cell keeps its declared shape and is stored zero-padded
/// in an S×S block (S = the largest side), so one set of weights serves every shape: padded products, transposes and
/// Newton steps give the padded results. Two constant cells are added (<c>__zero</c> = 0, <c>__one</c> = 1), jumps and
/// <c>halt</c> become <c>copy __one ← __one</c> with flag <c>__zero</c>, an instruction without a test uses flag
/// <c>__one</c>, and an EOF self-loop is appended: the machine halts when pc reaches it.
/// </summary>
public sealed record FleqCard(FleqProgram Source, int Side, ImmutableArray<FleqValue> Memory, ImmutableArray<FleqCardInstruction> Instructions)
{
    /// <summary>The largest value the cells may start with (every block stays far from its gates' 2^40).</summary>
    public const double MaxMagnitude = 1 << 20;

    /// <summary>
    /// The largest matrix side the looped computer takes: its width and head count grow with S² (d ≈ 300 and 120
    /// heads at S = 3), so larger matrices belong to <c>--engine blocks</c>.
    /// </summary>
    public const int MaxSide = 4;

    /// <summary>Index of the EOF instruction (the last).</summary>
    public int EofIndex => Instructions.Length - 1;

    /// <summary>Number of program cells (without the two constants).</summary>
    public int ProgramCells => Source.Names.Length;

    /// <summary>Entries per cell: S².</summary>
    public int Entries => Side * Side;

    /// <summary>Maps a program onto the looped computer, or a <see cref="UserError"/> naming the line it cannot run.</summary>
    public static FleqCard From(FleqProgram program)
    {
        var side = program.Memory.Select(v => Math.Max(v.Rows, v.Cols)).DefaultIfEmpty(1).Max();
        if (side > MaxSide)
            throw new UserError($"the looped transformer takes matrices up to {MaxSide}×{MaxSide}, this program has a side of {side} (use --engine blocks)");
        var memory = program.Memory.Add(FleqValue.Scalar(0)).Add(FleqValue.Scalar(1));
        int zero = program.Names.Length, one = zero + 1, eof = program.Instructions.Length;
        foreach (var (v, i) in program.Memory.Select((v, i) => (v, i)))
            if (v.Data.Any(x => Math.Abs(x) > MaxMagnitude))
                throw new UserError($"cell {program.Names[i]}: the looped transformer takes values within ±{MaxMagnitude}");
        var shapes = new ExactFleqArithmetic();
        var code = ImmutableArray.CreateBuilder<FleqCardInstruction>();
        foreach (var ins in program.Instructions)
        {
            if (ins.Function == FleqFunction.Nop)
            {
                code.Add(new(FleqLane.Copy, one, one, one, zero, ins.Target >= 0 ? ins.Target : eof, false));
                continue;
            }
            FleqValue a = memory[ins.A], b = memory[ins.B], c = memory[ins.C];
            FleqValue result;
            try { result = shapes.Apply(ins.Function, Zeros(a), Zeros(b)); }
            catch (UserError e) { throw new UserError($"line {ins.Line}: {e.Message}"); }
            if (result.Rows != c.Rows || result.Cols != c.Cols)
                throw new UserError($"line {ins.Line}: the looped transformer keeps each cell's declared shape, but {program.Names[ins.C]} is " +
                                    $"{c.Rows}×{c.Cols} and {ins.Function.ToString().ToLowerInvariant()} gives {result.Rows}×{result.Cols}");
            var (lane, left, right) = ins.Function switch
            {
                FleqFunction.Copy => (FleqLane.Copy, ins.A, ins.B),
                FleqFunction.Add or FleqFunction.Sub when a.Rows != b.Rows || a.Cols != b.Cols =>
                    throw new UserError($"line {ins.Line}: the looped transformer adds and subtracts equal shapes only (no broadcasting)"),
                FleqFunction.Add => (FleqLane.Add, ins.A, ins.B),
                FleqFunction.Sub => (FleqLane.Sub, ins.A, ins.B),
                FleqFunction.Mul when a.Rows == b.Rows && a.Cols == b.Cols => (FleqLane.Mul, ins.A, ins.B),
                FleqFunction.Mul when a.Rows * a.Cols == 1 => (FleqLane.Scale, ins.A, ins.B),
                FleqFunction.Mul => (FleqLane.Scale, ins.B, ins.A),
                FleqFunction.Div => (FleqLane.Div, ins.A, ins.B),
                FleqFunction.Sqrt => (FleqLane.Sqrt, ins.A, ins.B),
                FleqFunction.Transpose => (FleqLane.Transpose, ins.A, ins.B),
                FleqFunction.MatMul => (FleqLane.MatMul, ins.A, ins.B),
                FleqFunction.Newton => (FleqLane.Newton, ins.A, ins.B),
                FleqFunction.Power => (FleqLane.Power, ins.A, ins.B),
                _ => throw new InvalidOperationException($"FLEQ function {ins.Function} has no lane"),
            };
            var flag = ins.Flag ?? one;
            code.Add(new(lane, left, right, ins.C, flag, ins.Flag is null ? 0 : ins.Target, flag == ins.C));
        }
        code.Add(new(FleqLane.Copy, one, one, one, zero, eof, false));
        return new FleqCard(program, side, memory, code.ToImmutable());
    }

    private static FleqValue Zeros(FleqValue v) => new(v.Rows, v.Cols, [.. new double[v.Data.Length]]);
}
