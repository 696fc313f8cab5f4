namespace Glassbox.Transformers.Tasks;

using Glassbox.Rasp;
using Glassbox.Rasp.Library;

/// <summary>
/// The RASP paper program that solves a generated task. <paramref name="PrependsBos"/>: the program reads the BOS
/// symbol § at position 0 (the paper's *_bos programs), exactly where the encoder format puts its BOS token.
/// </summary>
public sealed record TaskProgram(TaskKind Task, string Name, SOp Program, bool PrependsBos, AggregateSemantics Semantics)
{
    /// <summary>
    /// The program's output for a task input, one value per input position (the BOS position dropped). Symbols are
    /// strings, as in the RASP REPL (§ and digits share one s-op), so sort orders them as strings: the same as the
    /// task's numeric order for up to 10 symbols.
    /// </summary>
    public IReadOnlyList<Value> Evaluate(IReadOnlyList<string> input)
    {
        var values = input.Select(Value.String).ToList();
        if (PrependsBos) values.Insert(0, Value.String(RaspPaper.Bos));
        var output = RaspEvaluator.Evaluate(Program, values, Semantics);
        return PrependsBos ? output.Skip(1).ToList() : output;
    }
}

/// <summary>Which RASP program (rasp.md §3) computes each generated task, so its analysis can size a trained model.</summary>
public static class TaskPrograms
{
    /// <summary>
    /// The paper's program for <paramref name="kind"/>: reverse → <c>reverse</c>, hist → <c>hist_bos</c>,
    /// double_hist → <c>hist2_bos</c>, sort → <c>sort_bos</c>, most_freq → <c>sort_by_most_freq</c>,
    /// dyck1 → <c>dyck1_ptf</c>, dyck2 → <c>dyckk_ptf</c> over the generator's brackets <c>()</c> and <c>[]</c>.
    /// Copy and text have none (a <see cref="UserError"/>).
    /// </summary>
    public static TaskProgram For(TaskKind kind, int maxLength = 8) => kind switch
    {
        TaskKind.Reverse => Library(kind, "rasp_reverse", false, maxLength),
        TaskKind.Hist => Library(kind, "hist_bos", true, maxLength),
        TaskKind.DoubleHist => Library(kind, "hist2_bos", true, maxLength),
        TaskKind.Sort => Library(kind, "sort_bos", true, maxLength),
        TaskKind.MostFreq => Library(kind, "most_freq", true, maxLength),
        TaskKind.Dyck1 => Library(kind, "dyck1_ptf", false, maxLength),
        TaskKind.Dyck2 => new TaskProgram(kind, "dyckk_ptf([\"()\", \"[]\"])", RaspPaper.DyckKPtf(["()", "[]"]), false, AggregateSemantics.Rasp01),
        _ => throw new UserError($"task {TaskNames.Name(kind)} has no RASP program to size a model from; " +
            $"choose one of {string.Join(", ", Sized.Select(TaskNames.Name))}"),
    };

    /// <summary>The tasks that have a program.</summary>
    public static IReadOnlyList<TaskKind> Sized { get; } =
        [TaskKind.Reverse, TaskKind.Hist, TaskKind.DoubleHist, TaskKind.Sort, TaskKind.MostFreq, TaskKind.Dyck1, TaskKind.Dyck2];

    private static TaskProgram Library(TaskKind kind, string name, bool bos, int maxLength)
    {
        var entry = RaspLibrary.Resolve(name, maxLength);
        return new TaskProgram(kind, entry.Spec, entry.Program, bos, entry.Semantics);
    }
}
