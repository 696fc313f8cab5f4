namespace Glassbox.Looped;

/// <summary>
/// Classic one-instruction SUBLEQ with one unified memory (code and data share it): the instruction at <c>pc</c> is
/// <c>mem[pc], mem[pc+1], mem[pc+2]</c>; <c>mem[b] := wrap_N(mem[b] − mem[a])</c>; if the result is ≤ 0 jump to
/// <c>c</c>, else <c>pc += 3</c>. The machine halts when <c>pc</c> becomes negative or the next instruction would not
/// fit in memory. Programs may modify themselves. This is an interoperability option; the looped transformer
/// executes the separate-code variant of <see cref="SubleqMachine"/>.
/// </summary>
public sealed class ClassicSubleq
{
    private readonly long[] _memory;
    private readonly int _bits;

    /// <summary>Loads <paramref name="memory"/> (code and data) with word width <paramref name="bits"/>; execution starts at 0.</summary>
    public ClassicSubleq(int bits, IEnumerable<long> memory)
    {
        if (bits < 2 || bits > SubleqProgram.MaxBits)
            throw new UserError($"bit width {bits} is outside 2..{SubleqProgram.MaxBits}");
        _bits = bits;
        _memory = memory.ToArray();
        for (var i = 0; i < _memory.Length; i++)
            if (!TwosComplement.Fits(_memory[i], bits))
                throw new UserError($"memory word {i} = {_memory[i]} does not fit {bits}-bit two's complement");
    }

    /// <summary>The program counter (a memory address).</summary>
    public long Pc { get; private set; }

    /// <summary>Instructions executed so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Whether the machine has stopped: negative pc or no room for a full instruction at pc.</summary>
    public bool Halted => Pc < 0 || Pc + 2 >= _memory.Length;

    /// <summary>The unified memory.</summary>
    public ReadOnlySpan<long> Memory => _memory;

    /// <summary>Executes one instruction; an operand address outside memory is a <see cref="UserError"/>.</summary>
    public void Step()
    {
        var pc = (int)Pc;
        long a = _memory[pc], b = _memory[pc + 1], c = _memory[pc + 2];
        if (a < 0 || a >= _memory.Length || b < 0 || b >= _memory.Length)
            throw new UserError($"classic SUBLEQ: instruction at {pc} ({a} {b} {c}) addresses memory outside 0..{_memory.Length - 1}");
        var value = TwosComplement.Wrap(_memory[b] - _memory[a], _bits);
        _memory[b] = value;
        Pc = value <= 0 ? c : pc + 3;
        Steps++;
    }

    /// <summary>Runs until halted or until <paramref name="maxSteps"/> instructions; returns whether it halted.</summary>
    public bool Run(long maxSteps)
    {
        while (!Halted && Steps < maxSteps) Step();
        return Halted;
    }
}
