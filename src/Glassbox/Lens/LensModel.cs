using System.Globalization;
using Glassbox.Compiler;
using Glassbox.Tensors;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Lens;

using Glassbox.Rasp;

/// <summary>
/// A model opened for the lenses, compiled or trained, as one float64 engine plus what its parts mean: what s-op
/// each compiled head and MLP computes, what each output logit stands for, how a column of logits reads as a
/// prediction, and the token ids a prompt becomes. Trained float32 weights are widened to float64 once, so every
/// lens runs on the one engine type.
/// </summary>
public sealed class LensModel
{
    private LensModel(string title, Transformer<double> engine, ResidualDecoder? decoder, ModelBundle? bundle)
    {
        Title = title;
        Engine = engine;
        Decoder = decoder;
        Bundle = bundle;
    }

    /// <summary>A compiled model (with its residual decoder).</summary>
    public static LensModel Compiled(ResidualDecoder decoder) => new(decoder.Model.ProgramName, decoder.Engine, decoder, null);

    /// <summary>A trained model; encoder-decoders are refused (the lenses run one stream).</summary>
    public static LensModel Trained(ModelBundle bundle, string title)
    {
        if (bundle.Model.Architecture == Architecture.EncoderDecoder)
            throw new UserError($"'{title}' is an encoder-decoder; the lenses open encoders and decoders (one residual stream)");
        return new LensModel(title, Widen(bundle.Model), null, bundle);
    }

    /// <summary>The name shown in headings.</summary>
    public string Title { get; }

    /// <summary>The model on the engine in float64.</summary>
    public Transformer<double> Engine { get; }

    /// <summary>The residual decoder of a compiled model (null for a trained one).</summary>
    public ResidualDecoder? Decoder { get; }

    /// <summary>The trained model and its tokenizer (null for a compiled one).</summary>
    public ModelBundle? Bundle { get; }

    /// <summary>Number of layers (blocks).</summary>
    public int Layers => Engine.Blocks.Blocks.Count;

    /// <summary>Column of the first input token: 1 after a BOS, 0 for a text model (no BOS).</summary>
    public int FirstInputColumn => Bundle is { Task: "text" } ? 0 : 1;

    /// <summary>What head <paramref name="head"/> of layer <paramref name="layer"/> computes (compiled: the s-op), or null.</summary>
    public string? HeadComputes(int layer, int head) => Decoder?.Model.Layers[layer].Heads[head].Name;

    /// <summary>What the MLP of layer <paramref name="layer"/> computes (compiled: the s-ops), or null.</summary>
    public string? MlpComputes(int layer) =>
        Decoder?.Model.Layers[layer].MlpNames is { Count: > 0 } names ? string.Join(", ", names) : null;

    /// <summary>What a component of <see cref="Attribution.DirectLogitAttribution"/> is, for a compiled model (null otherwise).</summary>
    public string? ComponentComputes(string component)
    {
        if (Decoder is null || component.Length < 2 || component[0] != 'L') return null;
        int h = component.IndexOf('H'), space = component.IndexOf(' ');
        if (h > 1 && int.TryParse(component[1..h], CultureInfo.InvariantCulture, out var l) && int.TryParse(component[(h + 1)..], CultureInfo.InvariantCulture, out var head))
            return HeadComputes(l, head);
        if (space > 1 && component.EndsWith(" MLP", StringComparison.Ordinal) && int.TryParse(component[1..space], CultureInfo.InvariantCulture, out var m))
            return MlpComputes(m);
        return null;
    }

    /// <summary>What output logit row <paramref name="row"/> stands for: a value of the compiled output s-op, or a trained token.</summary>
    public string LogitLabel(int row)
    {
        if (Decoder is { } d)
            return d.Model.Output.Numerical ? d.Model.Output.Label : Show(d.Model.Output.Values[row]);
        return Bundle!.Tokenizer.Vocabulary[row];
    }

    /// <summary>The label of token id <paramref name="id"/> in an input.</summary>
    public string TokenLabel(int id)
    {
        if (Decoder is { } d) return id == CompiledModel.BosId ? "BOS" : Show(d.Model.Vocabulary[id - 1]);
        return Bundle!.Tokenizer.Vocabulary[id];
    }

    /// <summary>
    /// The prediction one column of logits makes: the compiled model's decoded output value (None where no output
    /// direction is above ½), or the trained model's most likely token.
    /// </summary>
    public string Read(Tensor<double> logits, int column)
    {
        if (Decoder is { } d) return Show(d.Model.DecodeLogits(i => logits[i, column]));
        return Bundle!.Tokenizer.Vocabulary[Predicted(logits, column)];
    }

    /// <summary>
    /// The logit row a column predicts: the argmax (a compiled numerical output has one row, 0). Attribution
    /// explains this row.
    /// </summary>
    public static int Predicted(Tensor<double> logits, int column)
    {
        int best = 0;
        for (int i = 1; i < logits.Rows; i++) if (logits[i, column] > logits[best, column]) best = i;
        return best;
    }

    /// <summary>
    /// Token ids the model is run on for trained input symbols <paramref name="ids"/>: the training format's prompt
    /// (<c>[bos, x…]</c> for an encoder, <c>[bos, x…, |]</c> for a task decoder, the ids themselves for a text model).
    /// </summary>
    public int[] Prompt(int[] ids)
    {
        var bundle = Bundle ?? throw new InvalidOperationException("Prompt is for trained models; compiled models encode values");
        return bundle.Task == "text" ? ids : TaskFormat.Prompt(bundle.Model.Architecture, bundle.Tokenizer.Vocabulary, ids);
    }

    /// <summary>
    /// Seeded repeated random sequences <c>[BOS, S, S]</c> (no BOS for text models) of ordinary tokens, as long as
    /// the model takes: for <see cref="HeadDetector.RepeatedScores"/>. Returns the sequences and |S|.
    /// </summary>
    public (List<int[]> Sequences, int SegmentLength) RepeatedInputs(int count, int seed)
    {
        int? bos;
        int low, high, context;
        if (Decoder is { } d) (bos, low, high, context) = (CompiledModel.BosId, 1, d.Model.Vocabulary.Count + 1, d.Model.MaxSeqLen + 1);
        else
        {
            var v = Bundle!.Tokenizer.Vocabulary;
            bool text = Bundle.Task == "text";
            (bos, low, high, context) = (text ? null : v.Bos, 0, v.OrdinaryCount, Engine.Config?.MaxLength ?? Bundle.MaxInputLength + 1);
        }
        int half = (context - (bos is null ? 0 : 1)) / 2;
        if (half < 1 || high <= low) throw new UserError($"'{Title}' takes {context} position(s); repeated sequences need room for two copies of at least one token");
        return (HeadDetector.RepeatedSequences(count, half, low, high, bos, seed), half);
    }

    /// <summary>A value as the lenses print it (floats to 3 places).</summary>
    public static string Show(Value v) =>
        v.IsNone ? "None" : v.Kind == ValueKind.Float ? v.AsDouble().ToString("0.###", CultureInfo.InvariantCulture) : v.ToString();

    /// <summary>The same model with float64 weights (same configuration, every parameter copied by name).</summary>
    public static Transformer<double> Widen(Transformer<float> model)
    {
        var config = model.Config ?? throw new ArgumentException("the model has no configuration to rebuild it from");
        var wide = TransformerFactory.Create<double>(config, seed: 0);
        var target = wide.Parameters().ToList();
        var source = model.Parameters().ToList();
        if (target.Count != source.Count) throw new ArgumentException($"parameter lists differ: {source.Count} vs {target.Count}");
        for (int i = 0; i < source.Count; i++)
        {
            var (name, from) = source[i];
            var (wideName, to) = target[i];
            if (name != wideName || from.Rows != to.Rows || from.Columns != to.Columns)
                throw new ArgumentException($"parameter {i}: {name} {from.Rows}×{from.Columns} vs {wideName} {to.Rows}×{to.Columns}");
            var s = from.Span;
            var t = to.Span;
            for (int k = 0; k < s.Length; k++) t[k] = s[k];
        }
        return wide;
    }
}
