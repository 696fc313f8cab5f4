namespace Glassbox.Looped;

/// <summary>
/// Seeded random SUBLEQ programs in the official test style (looped.md §4.2): mem[0] = 0 and mem[1] = −1 are the
/// EOF constants, operands a, b are uniform over cells 2…m−1, jump targets uniform over the instructions, the last
/// instruction is EOF = (0, 1, itself), and initial values lie in [−2^(N−2), 2^(N−2)).
/// </summary>
public static class RandomSubleq
{
    /// <summary>A program with <paramref name="memoryWords"/> words (≥ 3) and <paramref name="instructions"/> instructions (≥ 2).</summary>
    public static SubleqProgram Generate(int seed, int memoryWords, int instructions, int bits)
    {
        if (memoryWords < 3 || instructions < 2) throw new UserError("random programs need ≥ 3 memory words and ≥ 2 instructions");
        var random = new Random(seed);
        var range = 1L << (bits - 2);
        var memory = new long[memoryWords];
        memory[1] = -1;
        for (var i = 2; i < memoryWords; i++) memory[i] = random.NextInt64(-range, range);
        var code = new SubleqInstruction[instructions];
        for (var k = 0; k < instructions - 1; k++)
            code[k] = new SubleqInstruction(random.Next(2, memoryWords), random.Next(2, memoryWords), random.Next(instructions));
        code[^1] = new SubleqInstruction(0, 1, instructions - 1);
        return new SubleqProgram(bits, memory, code);
    }
}
