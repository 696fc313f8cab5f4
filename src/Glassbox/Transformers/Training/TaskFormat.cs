using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Transformers.Training;

/// <summary>One training/evaluation item: model input ids, per-position targets (−1: no loss) and, for the encoder-decoder, the source.</summary>
public sealed record TrainingItem(int[] Input, int[] Targets, int[]? Source, int[] Answer);

/// <summary>
/// How a generated task example becomes model input for each architecture:
/// encoder (classification per position): <c>[bos, x₁ … xₙ]</c> with targets <c>[−, y₁ … yₙ]</c>;
/// decoder (prompt/answer): <c>[bos, x₁ … xₙ, |, y₁ … yₙ]</c> predicting <c>y₁ … yₙ, eos</c> after the separator;
/// encoder-decoder: source <c>[bos, x₁ … xₙ]</c>, target <c>[bos, y₁ … yₙ]</c> predicting <c>y₁ … yₙ, eos</c>.
/// </summary>
public static class TaskFormat
{
    /// <summary>The model context length ℓ_max the format needs for inputs of length ≤ <paramref name="maxLength"/>.</summary>
    public static int ContextLength(Architecture arch, int maxLength) =>
        arch == Architecture.Decoder ? 2 * maxLength + 2 : maxLength + 1;

    /// <summary>Encodes one example.</summary>
    public static TrainingItem Encode(Architecture arch, Vocabulary v, TaskExample example)
    {
        var x = example.Input.Select(v.Id).ToArray();
        var y = example.Output.Select(v.Id).ToArray();
        int n = x.Length;
        switch (arch)
        {
            case Architecture.Encoder:
                return new TrainingItem([v.Bos, .. x], [-1, .. y], null, y);
            case Architecture.Decoder:
            {
                int[] seq = [v.Bos, .. x, v.Id(TaskGenerator.Separator), .. y, v.Eos];
                var input = seq[..^1];
                var targets = new int[input.Length];
                for (int t = 0; t < input.Length; t++) targets[t] = t >= n + 1 ? seq[t + 1] : -1;
                return new TrainingItem(input, targets, null, [.. y, v.Eos]);
            }
            default:
                return new TrainingItem([v.Bos, .. y], [.. y, v.Eos], [v.Bos, .. x], [.. y, v.Eos]);
        }
    }

    /// <summary>The prompt the decoder (or the encoder-decoder's source) is given at inference time.</summary>
    public static int[] Prompt(Architecture arch, Vocabulary v, IReadOnlyList<int> x) => arch switch
    {
        Architecture.Decoder => [v.Bos, .. x, v.Id(TaskGenerator.Separator)],
        _ => [v.Bos, .. x],
    };
}
