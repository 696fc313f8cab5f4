using System.Collections.Immutable;

namespace Glassbox.Looped;

/// <summary>One SUBLEQ instruction of the looped-transformer variant: <c>mem[B] -= mem[A]; if mem[B] ≤ 0 goto C</c>.</summary>
/// <param name="A">0-based memory index of the subtrahend.</param>
/// <param name="B">0-based memory index of the cell that is decremented and tested.</param>
/// <param name="C">0-based instruction index jumped to when the new <c>mem[B]</c> is ≤ 0.</param>
public readonly record struct SubleqInstruction(int A, int B, int C)
{
    /// <summary>The raw form <c>a b c</c>.</summary>
    public override string ToString() => $"{A} {B} {C}";
}

/// <summary>
/// A SUBLEQ program in the variant of Giannou et al. (2023) that the looped transformer executes: N-bit two's
/// complement memory, a separate list of instructions (no self-modifying code), and an EOF self-loop as the last
/// instruction; execution halts when the program counter reaches it.
/// </summary>
public sealed record SubleqProgram
{
    /// <summary>Largest bit width the interpreter accepts (values and differences must fit a 64-bit integer).</summary>
    public const int MaxBits = 62;

    /// <summary>Bit width N of every memory word.</summary>
    public int Bits { get; }

    /// <summary>Initial memory, one N-bit integer per word.</summary>
    public ImmutableArray<long> Memory { get; }

    /// <summary>The instructions; the last one is the EOF self-loop.</summary>
    public ImmutableArray<SubleqInstruction> Instructions { get; }

    /// <summary>Optional names of memory words (index → name), kept from the assembler for display.</summary>
    public ImmutableDictionary<int, string> CellNames { get; }

    /// <summary>Index of the EOF instruction (the last one); reaching it halts the program.</summary>
    public int EofIndex => Instructions.Length - 1;

    /// <summary>Builds and validates a program; any violation is a <see cref="UserError"/> naming the item.</summary>
    public SubleqProgram(int bits, IEnumerable<long> memory, IEnumerable<SubleqInstruction> instructions,
        IReadOnlyDictionary<int, string>? cellNames = null)
    {
        Bits = bits;
        Memory = memory.ToImmutableArray();
        Instructions = instructions.ToImmutableArray();
        CellNames = cellNames is null ? ImmutableDictionary<int, string>.Empty : cellNames.ToImmutableDictionary();
        if (bits < 2 || bits > MaxBits)
            throw new UserError($"bit width {bits} is outside 2..{MaxBits}");
        if (Memory.Length == 0)
            throw new UserError("a SUBLEQ program needs at least one memory word");
        if (Instructions.Length == 0)
            throw new UserError("a SUBLEQ program needs at least one instruction (the EOF self-loop)");
        for (var i = 0; i < Memory.Length; i++)
            if (!TwosComplement.Fits(Memory[i], bits))
                throw new UserError($"memory word {i} = {Memory[i]} does not fit {bits}-bit two's complement " +
                                    $"[{TwosComplement.Min(bits)}, {TwosComplement.Max(bits)}]");
        for (var k = 0; k < Instructions.Length; k++)
        {
            var (a, b, c) = Instructions[k];
            if ((uint)a >= (uint)Memory.Length || (uint)b >= (uint)Memory.Length)
                throw new UserError($"instruction {k} ({Instructions[k]}) addresses memory outside 0..{Memory.Length - 1}");
            if ((uint)c >= (uint)Instructions.Length)
                throw new UserError($"instruction {k} ({Instructions[k]}) jumps outside 0..{Instructions.Length - 1}");
        }
        if (Instructions[^1].C != EofIndex)
            throw new UserError($"the last instruction {EofIndex} ({Instructions[^1]}) must be the EOF self-loop (its jump target must be {EofIndex})");
    }

    /// <summary>The display name of memory word <paramref name="index"/>: its assembler name or <c>mem[i]</c>.</summary>
    public string CellName(int index) => CellNames.TryGetValue(index, out var name) ? name : $"mem[{index}]";
}

/// <summary>N-bit two's complement helpers shared by the interpreter, the encoder and the assembler.</summary>
public static class TwosComplement
{
    /// <summary>Smallest N-bit value, −2^(N−1).</summary>
    public static long Min(int bits) => -(1L << (bits - 1));

    /// <summary>Largest N-bit value, 2^(N−1) − 1.</summary>
    public static long Max(int bits) => (1L << (bits - 1)) - 1;

    /// <summary>Whether <paramref name="value"/> is an N-bit two's complement integer.</summary>
    public static bool Fits(long value, int bits) => value >= Min(bits) && value <= Max(bits);

    /// <summary>Wraps <paramref name="value"/> into [−2^(N−1), 2^(N−1)) modulo 2^N (N ≤ 62).</summary>
    public static long Wrap(long value, int bits)
    {
        var mask = (1L << bits) - 1;
        return ((value - Min(bits)) & mask) + Min(bits);
    }
}
