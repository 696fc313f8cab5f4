using System.CommandLine;
using Glassbox.Lens;

namespace Glassbox.Cli.Commands;

/// <summary>
/// What every model-opening <c>lens</c> subcommand shares: the <see cref="ModelSource"/> options, <c>--json</c>, and
/// turning the opened model and an <c>--input</c> text into a <see cref="LensModel"/> and token ids.
/// </summary>
internal sealed record LensOptions(ModelSource Source, Option<bool> Json)
{
    /// <summary>Adds FILE, the program options and <c>--json</c> to <paramref name="command"/>.</summary>
    public static LensOptions AddTo(Command command, string? fileDescription = null)
    {
        var source = ModelSource.AddTo(command, fileDescription);
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        command.Options.Add(json);
        return new LensOptions(source, json);
    }

    /// <summary>Adds a required input option (<c>--input</c> unless named otherwise).</summary>
    public static Option<string> AddInput(Command command, string name = "--input", string? description = null)
    {
        var input = new Option<string>(name)
        {
            Description = description ?? "The input: vocabulary tokens (compiled) or task symbols (trained), separated by spaces; text for a text model.",
            Required = true,
        };
        command.Options.Add(input);
        return input;
    }

    /// <summary>Opens the model for the lenses (compiled or trained).</summary>
    public (LensModel Model, OpenedModel Opened) Open(ParseResult parse)
    {
        var opened = Source.Open(parse);
        var model = opened.Trained is { } bundle ? LensModel.Trained(bundle, opened.Title) : LensModel.Compiled(Decoder(opened));
        return (model, opened);
    }

    /// <summary>The residual decoder of a compiled model: from the compilation when there is one (evaluator comparison), else from the file's labels.</summary>
    public static ResidualDecoder Decoder(OpenedModel opened) =>
        opened.Compilation is { } c ? new ResidualDecoder(c) : new ResidualDecoder(opened.RequireCompiled("residual decoding"));

    /// <summary>The token ids the model runs on for <paramref name="text"/> (BOS first, or the trained model's prompt format).</summary>
    public static int[] Tokens(LensModel model, OpenedModel opened, string text) =>
        model.Decoder is { } d ? d.Model.Encode(opened.ParseInput(text)) : model.Prompt(opened.EncodeTrained(text));

    /// <summary>Labels of the columns of a run on <paramref name="tokens"/>.</summary>
    public static List<string> Columns(LensModel model, int[] tokens) => tokens.Select(model.TokenLabel).ToList();

    /// <summary>Columns a lens reports: from the first input token to the end, or the column of input position <paramref name="position"/>.</summary>
    public static List<int> Positions(LensModel model, int[] tokens, int? position)
    {
        int first = model.FirstInputColumn;
        if (position is not { } p) return Enumerable.Range(first, tokens.Length - first).ToList();
        if (p < 0 || first + p >= tokens.Length)
            throw new UserError($"--position {p} is outside the input (positions 0…{tokens.Length - first - 1})");
        return [first + p];
    }
}
