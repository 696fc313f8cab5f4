using System.Numerics;
using Glassbox.Looped.Fleq;
using Glassbox.Tensors;
using Glassbox.Tensors.Benchmarks;

namespace Glassbox.Looped;

/// <summary>
/// The looped computer's speed figures for <c>glassbox bench</c>: SUBLEQ instructions per second through the looped
/// transformer (the engine's dense forward and the sparse path, float32, hard attention) against the reference
/// interpreter measured in the same run, at (s,m,n,N) = (1,8,32,8) and with 1,024 and 4,096 memory words. Each
/// measured run is checked afterwards: X must decode to the interpreter's state after the same number of steps.
/// Also the looped FLEQ computer's loops per second on an endless power iteration (3×3, float64) against the FLEQ
/// interpreter on exact arithmetic.
/// </summary>
public static class LoopedFigures
{
    /// <summary>One benchmark shape: memory words, instructions and word width.</summary>
    public sealed record Shape(string Name, int MemoryWords, int Instructions, int Bits)
    {
        /// <summary>The layout of this shape.</summary>
        public SubleqLayout Layout => new(MemoryWords, Instructions, Bits);
    }

    /// <summary>The shapes issue 9 asks for.</summary>
    public static readonly IReadOnlyList<Shape> Shapes =
    [
        new("m8_n32", 8, 23, 8),          // (s,m,n,N) = (1,8,32,8)
        new("m1024", 1024, 64, 16),       // n = 1,089
        new("m4096", 4096, 64, 16),       // n = 4,161
    ];

    /// <summary>Measures every shape; <paramref name="quick"/> keeps the whole run to seconds.</summary>
    public static List<Figure> Measure(bool quick)
    {
        var figures = new List<Figure>();
        // One core for every path, so the ratios compare like with like.
        return Timing.OnOneCore(() =>
        {
            foreach (var shape in Shapes)
            {
                var program = EndlessProgram(shape, seed: 7);
                var interpreter = InterpreterRate(program, quick);
                var baseline = $"interpreter_{shape.Name}";
                var sparse = TransformerRate<float>(program, sparse: true, quick ? 0.05 : 0.3);
                figures.Add(new Figure($"looped_subleq_{shape.Name}_sparse_f32", sparse, "instr/s", baseline, interpreter));
                // A dense loop takes ~0.1 s at 1,024 words and ~1 s at 4,096: time those once (after the smaller shapes warmed the code).
                var denseSeconds = shape.MemoryWords > 1024 || (quick && shape.MemoryWords > 8) ? 0 : quick ? 0.05 : 0.3;
                var dense = TransformerRate<float>(program, sparse: false, denseSeconds);
                figures.Add(new Figure($"looped_subleq_{shape.Name}_dense_f32", dense, "instr/s", baseline, interpreter));
            }
            figures.Add(FleqRate(quick));
            return figures;
        });
    }

    /// <summary>The FLEQ program timed by <see cref="FleqRate"/>: power-iteration steps forever.</summary>
    public const string FleqProgramText = "matrix A 3 3 = 2 1 0  1 3 1  0 1 4\nmatrix v 3 1 = 1 1 1\nloop: v = power(A, v)\ngoto loop\n";

    private static Figure FleqRate(bool quick)
    {
        var program = FleqSource.Parse(FleqProgramText, "power-loop.fleq");
        var machine = new FleqMachine(program, new ExactFleqArithmetic());
        const int batch = 1000;
        void Interpret() { for (var i = 0; i < batch; i++) machine.Step(); }
        Timing.WarmUp(Interpret, quick ? 0.02 : 0.1);
        var interpreter = batch / Timing.SecondsPerCall(Interpret, quick ? 0.02 : 0.1, quick ? 2 : 5);
        var computer = new LoopedFleq(program);
        var loops = Timing.SecondsPerCall(computer.Step, quick ? 0 : 0.5, quick ? 1 : 3);
        if (computer.Pc < 0) throw new InvalidOperationException("the looped FLEQ computer lost its program counter");
        return new Figure("looped_fleq_power_3x3_dense_f64", 1 / loops, "instr/s", "fleq_interpreter_exact", interpreter);
    }

    /// <summary>
    /// A seeded random program of the shape that never halts (its last real instruction jumps back to the start), so
    /// every timed loop executes a real instruction rather than the EOF fixed point.
    /// </summary>
    public static SubleqProgram EndlessProgram(Shape shape, int seed)
    {
        var random = RandomSubleq.Generate(seed, shape.MemoryWords, shape.Instructions, shape.Bits);
        var code = random.Instructions.ToArray();
        var eof = code.Length - 1;
        for (var k = 0; k < eof - 1; k++)
            if (code[k].C == eof) code[k] = code[k] with { C = 0 };
        code[eof - 1] = new SubleqInstruction(0, 0, 0);        // mem[0] − mem[0] = 0 ≤ 0: jump to 0
        return new SubleqProgram(random.Bits, random.Memory, code);
    }

    private static double InterpreterRate(SubleqProgram program, bool quick)
    {
        var machine = new SubleqMachine(program);
        const int batch = 10_000;
        Timing.WarmUp(() => { for (var i = 0; i < batch; i++) machine.Step(); }, quick ? 0.02 : 0.1);
        var seconds = Timing.SecondsPerCall(() => { for (var i = 0; i < batch; i++) machine.Step(); }, quick ? 0.02 : 0.1, quick ? 2 : 5);
        return batch / seconds;
    }

    /// <summary>
    /// Instructions per second of one path: a batch of loops on the punch card is timed by thread CPU time; with
    /// <paramref name="minSeconds"/> 0 a single loop is timed once. Throws when X no longer decodes to the
    /// interpreter's state.
    /// </summary>
    public static double TransformerRate<T>(SubleqProgram program, bool sparse, double minSeconds) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = SubleqLayout.For(program);
        var layers = SubleqConstruction.Build(layout);
        ILoopedForward<T> forward = sparse
            ? new SparseLoopedForward<T>(layers, layout.Width, layout.Columns)
            : new EngineLoopedForward<T>(layers, layout.Width, layout.Columns, null);
        var x = PunchCard.Encode<T>(program);
        long loops = 0;
        var batch = minSeconds == 0 ? 1 : sparse ? 200 : 4;
        void Run()
        {
            for (var i = 0; i < batch; i++) forward.Loop(x);
            loops += batch;
        }
        if (minSeconds > 0) Timing.WarmUp(Run, minSeconds);
        var seconds = Timing.SecondsPerCall(Run, minSeconds, minSeconds == 0 ? 1 : 3);
        var machine = new SubleqMachine(program);
        for (long i = 0; i < loops; i++) machine.Step();
        var state = PunchCard.Decode<T>(layout, x, loops);
        if (!state.SameMachineState(machine.Snapshot()))
            throw new InvalidOperationException($"{forward.Description}: after {loops} loops X does not decode to the interpreter's state");
        return batch / seconds;
    }
}
