using System.Collections.Immutable;
using System.Globalization;

namespace Glassbox.Looped.Fleq;

/// <summary>A FLEQ memory value: a rows × cols matrix of reals (a scalar is 1 × 1), stored row-major.</summary>
public sealed record FleqValue(int Rows, int Cols, ImmutableArray<double> Data)
{
    /// <summary>A scalar.</summary>
    public static FleqValue Scalar(double v) => new(1, 1, [v]);

    /// <summary>Entry (i, j).</summary>
    public double this[int i, int j] => Data[i * Cols + j];

    /// <summary>The value tested by a branch: the scalar, or entry (0, 0) of a matrix.</summary>
    public double Test => Data[0];

    /// <summary>Largest absolute entry-wise difference to <paramref name="other"/> (same shape).</summary>
    public double MaxAbsDifference(FleqValue other) => Data.Zip(other.Data, (a, b) => Math.Abs(a - b)).DefaultIfEmpty(0).Max();

    /// <summary>Readable form: a number, or rows in brackets.</summary>
    public override string ToString() => Rows * Cols == 1
        ? Data[0].ToString("G10", CultureInfo.InvariantCulture)
        : "[" + string.Join("; ", Enumerable.Range(0, Rows).Select(i =>
            string.Join(" ", Enumerable.Range(0, Cols).Select(j => this[i, j].ToString("G10", CultureInfo.InvariantCulture))))) + "]";
}

/// <summary>The function blocks a FLEQ instruction can select (looped.md §3.2: M fixed functions placed in parallel).</summary>
public enum FleqFunction
{
    /// <summary>c = a (b ignored).</summary>
    Copy,
    /// <summary>c = a + b (entry-wise).</summary>
    Add,
    /// <summary>c = a − b (entry-wise).</summary>
    Sub,
    /// <summary>c = a ⊙ b (entry-wise; a scalar operand scales a matrix).</summary>
    Mul,
    /// <summary>c = a / b (scalars).</summary>
    Div,
    /// <summary>c = √a (scalar, a ≥ 0).</summary>
    Sqrt,
    /// <summary>c = aᵀ.</summary>
    Transpose,
    /// <summary>c = a·b (matrix product).</summary>
    MatMul,
    /// <summary>c = b(2I − a·b): one Newton–Schulz step towards a⁻¹.</summary>
    Newton,
    /// <summary>c = a·b / ‖a·b‖: one power-iteration step (b a column vector).</summary>
    Power,
    /// <summary>No function (a jump): c is left unchanged.</summary>
    Nop,
}

/// <summary>One FLEQ instruction: <c>mem[C] = f(mem[A], mem[B]); if mem[Flag] ≤ 0 goto Target else pc + 1</c>. A <see cref="FleqFunction.Nop"/> jumps to Target, or halts when Target is −1.</summary>
public sealed record FleqInstruction(FleqFunction Function, int C, int A, int B, int? Flag, int Target, int Line);

/// <summary>A FLEQ program: named memory cells with initial values and a list of instructions; it halts when pc passes the end.</summary>
public sealed record FleqProgram(ImmutableArray<string> Names, ImmutableArray<FleqValue> Memory, ImmutableArray<FleqInstruction> Instructions);
