namespace Glassbox.Transformers.Tasks;

/// <summary>The generated tasks of the RASP paper (§3.1 of the reference) plus character-level text.</summary>
public enum TaskKind
{
    /// <summary>Output equals input.</summary>
    Copy,
    /// <summary><c>reverse("abc") = "cba"</c>.</summary>
    Reverse,
    /// <summary>Tokens in ascending order, duplicates kept.</summary>
    Sort,
    /// <summary>For each token, how many times it occurs.</summary>
    Hist,
    /// <summary>For each token, the number of distinct tokens with the same count as itself.</summary>
    DoubleHist,
    /// <summary>Distinct tokens by decreasing frequency, ties by first position, padded with <c>§</c>.</summary>
    MostFreq,
    /// <summary>Dyck-1 PTF: per prefix T (balanced), P (completable), F (never completable).</summary>
    Dyck1,
    /// <summary>Dyck-2 PTF over <c>()</c> and <c>[]</c>.</summary>
    Dyck2,
    /// <summary>Next-character prediction on a text corpus (decoder only).</summary>
    Text,
}

/// <summary>Names of tasks as the command line writes them.</summary>
public static class TaskNames
{
    /// <summary>The command-line name of a task (<c>double_hist</c>, <c>most_freq</c>, …).</summary>
    public static string Name(TaskKind kind) => kind switch
    {
        TaskKind.DoubleHist => "double_hist",
        TaskKind.MostFreq => "most_freq",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Parses a command-line task name (<c>-</c> and <c>_</c> alike: <c>most-freq</c> is <c>most_freq</c>); an unknown
    /// name is a <see cref="UserError"/> listing the choices.
    /// </summary>
    public static TaskKind Parse(string name)
    {
        string wanted = name.Trim().ToLowerInvariant().Replace('-', '_');
        foreach (var kind in Enum.GetValues<TaskKind>())
            if (Name(kind) == wanted) return kind;
        throw new UserError($"unknown task '{name}'; choose one of {string.Join(", ", Enum.GetValues<TaskKind>().Select(Name))}");
    }
}
