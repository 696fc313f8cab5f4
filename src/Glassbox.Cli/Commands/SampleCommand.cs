using System.CommandLine;
using Glassbox.Tensors;
using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Cli.Commands;

/// <summary>
/// <c>glassbox sample MODEL --prompt TEXT [--temperature T] [--length N] [--seed K]</c>: runs a trained model —
/// DInference (Algorithm 14) for decoders, EDInference (Algorithm 15) for encoder-decoders, per-position prediction
/// for encoders.
/// </summary>
internal static class SampleCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A model file written by glassbox train -o." };
        var prompt = new Option<string>("--prompt") { Description = "The prompt: text for a text model, space-separated symbols for a task model (\"3 1 2\").", DefaultValueFactory = _ => "" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature τ (q ∝ p^(1/τ)); 0 = greedy argmax.", DefaultValueFactory = _ => 1.0 };
        var length = new Option<int>("--length") { Description = "Tokens to generate for text models.", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sampler.", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Generate from a trained model (DInference / EDInference, with a temperature).");
        command.Arguments.Add(model);
        foreach (var o in new Option[] { prompt, temperature, length, seed }) command.Options.Add(o);
        command.SetAction(new Func<ParseResult, int>(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var bundle = TrainedModelFile.Load(parse.GetValue(model)!);
            double tau = parse.GetValue(temperature);
            if (tau < 0 || double.IsNaN(tau)) throw new UserError("--temperature must be ≥ 0");
            int n = parse.GetValue(length);
            if (n < 0) throw new UserError("--length must be ≥ 0");
            var random = new Random(parse.GetValue(seed));
            var text = parse.GetValue(prompt)!;
            var v = bundle.Tokenizer.Vocabulary;
            var m = bundle.Model;
            if (bundle.Task == "text")
            {
                if (text.Length == 0) text = v.Contains("\n") ? "\n" : v[0];
                var ids = bundle.Tokenizer.Encode(text);
                var generated = Inference.DInference(m, ids, n, tau, random);
                stdout.WriteLine(text + bundle.Tokenizer.Decode(generated));
                return CommandRunner.Ok;
            }
            var x = bundle.Tokenizer.Encode(text);
            if (x.Length == 0) throw new UserError("--prompt is empty: give the task input as space-separated symbols, e.g. \"3 1 2\"");
            if (x.Length > bundle.MaxInputLength)
                throw new UserError($"the prompt has {x.Length} symbols; this model was trained on inputs of at most {bundle.MaxInputLength}");
            int[] answer = m.Architecture switch
            {
                Architecture.Decoder => Inference.DInference(m, TaskFormat.Prompt(m.Architecture, v, x), x.Length + 1, tau, random, v.Eos),
                Architecture.EncoderDecoder => Inference.EDInference(m, TaskFormat.Prompt(m.Architecture, v, x), v.Bos, v.Eos, tau, random, x.Length + 2)[1..],
                _ => Encoder(m, TaskFormat.Prompt(m.Architecture, v, x), tau, random),
            };
            stdout.WriteLine(bundle.Tokenizer.Decode(answer));
            return CommandRunner.Ok;
        }));
        return command;
    }

    private static int[] Encoder(Transformer<float> m, int[] input, double tau, Random random)
    {
        var logits = m.Forward(input);
        return Enumerable.Range(1, input.Length - 1).Select(t => Inference.Sample<float>(logits.Column(t), tau, random)).ToArray();
    }
}
