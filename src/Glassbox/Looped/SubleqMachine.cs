using System.Collections.Immutable;

namespace Glassbox.Looped;

/// <summary>A snapshot of a SUBLEQ machine: program counter, memory and the number of instructions executed.</summary>
public sealed record SubleqState(int Pc, ImmutableArray<long> Memory, long Steps)
{
    /// <summary>Whether two states hold the same program counter and memory (step counts are not compared).</summary>
    public bool SameMachineState(SubleqState other) => Pc == other.Pc && Memory.SequenceEqual(other.Memory);
}

/// <summary>The outcome of running a SUBLEQ program for at most a given number of steps.</summary>
/// <param name="Halted">Whether the program counter reached the EOF instruction.</param>
/// <param name="Final">The last state reached.</param>
public sealed record SubleqRun(bool Halted, SubleqState Final);

/// <summary>
/// The reference interpreter of the looped-transformer SUBLEQ variant (looped.md §4.1):
/// <c>mem[b] := wrap_N(mem[b] − mem[a])</c>, then <c>pc := c</c> when the new <c>mem[b] ≤ 0</c>, else <c>pc + 1</c>;
/// the machine halts when <c>pc</c> reaches the EOF instruction (the last one).
/// </summary>
public sealed class SubleqMachine
{
    private readonly SubleqProgram _program;
    private readonly long[] _memory;
    private readonly SubleqInstruction[] _code;

    /// <summary>Starts the program at instruction 0 with its initial memory.</summary>
    public SubleqMachine(SubleqProgram program)
    {
        _program = program;
        _memory = program.Memory.ToArray();
        _code = program.Instructions.ToArray();
    }

    /// <summary>The current program counter (an instruction index).</summary>
    public int Pc { get; private set; }

    /// <summary>Instructions executed so far.</summary>
    public long Steps { get; private set; }

    /// <summary>Whether the program counter is at the EOF instruction.</summary>
    public bool Halted => Pc == _code.Length - 1;

    /// <summary>The current memory (a live view; copy it to keep it).</summary>
    public ReadOnlySpan<long> Memory => _memory;

    /// <summary>The program being run.</summary>
    public SubleqProgram Program => _program;

    /// <summary>Executes one instruction (also when halted: EOF re-executes itself).</summary>
    public void Step()
    {
        var (a, b, c) = _code[Pc];
        var value = TwosComplement.Wrap(_memory[b] - _memory[a], _program.Bits);
        _memory[b] = value;
        Pc = value <= 0 ? c : Pc + 1;
        Steps++;
    }

    /// <summary>Runs until EOF or until <paramref name="maxSteps"/> instructions have run.</summary>
    public SubleqRun Run(long maxSteps)
    {
        while (!Halted && Steps < maxSteps) Step();
        return new SubleqRun(Halted, Snapshot());
    }

    /// <summary>An immutable copy of the current state.</summary>
    public SubleqState Snapshot() => new(Pc, _memory.ToImmutableArray(), Steps);

    /// <summary>Runs <paramref name="program"/> from its start until EOF or <paramref name="maxSteps"/>.</summary>
    public static SubleqRun Execute(SubleqProgram program, long maxSteps) => new SubleqMachine(program).Run(maxSteps);
}
