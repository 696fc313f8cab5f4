using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Tokenization;

namespace Glassbox.Transformers.Training;

/// <summary>What to train: a generated task (or text) with a model shape and optimisation settings.</summary>
public sealed record TaskTrainingSpec
{
    /// <summary>The task.</summary>
    public TaskKind Task { get; init; } = TaskKind.Reverse;
    /// <summary>The architecture.</summary>
    public Architecture Architecture { get; init; } = Architecture.Encoder;
    /// <summary>Layers (decoder layers of an encoder-decoder; its encoder gets as many).</summary>
    public int Layers { get; init; } = 2;
    /// <summary>Heads per attention sub-layer.</summary>
    public int Heads { get; init; } = 1;
    /// <summary>d_model.</summary>
    public int DModel { get; init; } = 64;
    /// <summary>d_mlp (0: 4·d_model).</summary>
    public int DMlp { get; init; }
    /// <summary>Longest task input (for text: the context length).</summary>
    public int MaxLength { get; init; } = 8;
    /// <summary>Number of input symbols of number tasks.</summary>
    public int VocabSize { get; init; } = 8;
    /// <summary>Seed of the model initialisation, the data and the held-out set.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Layer-norm placement override (null: the architecture's default).</summary>
    public NormPlacement? Norm { get; init; }
    /// <summary>MLP activation (null: ReLU, as in Algorithm 8 and several times faster here than GELU).</summary>
    public Activation? Activation { get; init; }
    /// <summary>Optimisation settings.</summary>
    public TrainingOptions Options { get; init; } = new();
    /// <summary>Held-out examples (tasks) used for the accuracy.</summary>
    public int HeldOut { get; init; } = 500;
    /// <summary>Tokenizer of the text task: "char" (default) or "bpe" (trained on the training split).</summary>
    public string Tokenizer { get; init; } = "char";
    /// <summary>Number of BPE merges for <c>Tokenizer = "bpe"</c>.</summary>
    public int Merges { get; init; } = 200;
    /// <summary>The corpus text for the text task.</summary>
    public string? Corpus { get; init; }
}

/// <summary>The measured outcome of <see cref="TaskTraining.Run"/>.</summary>
public sealed record TaskTrainingReport(string Task, string Arch, int Layers, int Heads, int DModel, int Steps, double Seconds,
    double TrainLoss, double Accuracy, double TokensPerSecond, long Parameters, double? HeldOutLoss, double? UnigramLoss);

/// <summary>Trains a fresh model on a generated task or a text corpus and measures it on held-out data.</summary>
public static class TaskTraining
{
    /// <summary>
    /// Trains and evaluates. For tasks the metric is held-out <em>sequence</em> accuracy (every output token right,
    /// greedy decoding); for text it is held-out next-character accuracy, with held-out loss and the unigram
    /// baseline reported too. <paramref name="checkpointPath"/> receives the model at every evaluation.
    /// </summary>
    public static (ModelBundle Bundle, TaskTrainingReport Report) Run(TaskTrainingSpec spec, Action<TrainingProgress>? progress = null,
        string? checkpointPath = null)
    {
        return spec.Task == TaskKind.Text ? RunText(spec, progress, checkpointPath) : RunTask(spec, progress, checkpointPath);
    }

    private static TransformerConfig Config(TaskTrainingSpec spec, int vocab, int context) =>
        new(spec.Architecture, vocab, context, spec.DModel, spec.Heads, spec.Layers, spec.DMlp)
        {
            Norm = spec.Norm,
            Activation = spec.Activation ?? Transformers.Activation.Relu,
        };

    private static (ModelBundle, TaskTrainingReport) RunTask(TaskTrainingSpec spec, Action<TrainingProgress>? progress, string? checkpointPath)
    {
        var generator = new TaskGenerator(spec.Task, spec.VocabSize, spec.MaxLength);
        var v = generator.Tokenizer.Vocabulary;
        var config = Config(spec, v.Size, TaskFormat.ContextLength(spec.Architecture, spec.MaxLength));
        var model = TransformerFactory.Create<float>(config, spec.Seed);
        var bundle = new ModelBundle(model, generator.Tokenizer, TaskNames.Name(spec.Task), spec.MaxLength);
        var heldOutRandom = new Random(unchecked(spec.Seed * 7919 + 104729));
        var heldOut = Enumerable.Range(0, spec.HeldOut).Select(_ => TaskFormat.Encode(spec.Architecture, v, generator.Next(heldOutRandom))).ToList();
        var result = Trainer.Fit(model,
            r => Enumerable.Range(0, spec.Options.BatchSize).Select(_ => TaskFormat.Encode(spec.Architecture, v, generator.Next(r))).ToList(),
            spec.Options with { Seed = spec.Seed },
            m => Evaluation.SequenceAccuracy(m, heldOut, v),
            progress,
            checkpointPath is null ? null : _ => TrainedModelFile.Save(bundle, checkpointPath));
        return (bundle, Report(spec, model, result, null, null));
    }

    private static (ModelBundle, TaskTrainingReport) RunText(TaskTrainingSpec spec, Action<TrainingProgress>? progress, string? checkpointPath)
    {
        if (spec.Architecture != Architecture.Decoder) throw new UserError("the text task trains a decoder: use --arch decoder");
        var text = spec.Corpus ?? throw new UserError("the text task needs --corpus FILE");
        int ctx = spec.MaxLength;
        if (text.Length < 4 * (spec.MaxLength + 1)) throw new UserError($"the corpus has {text.Length} characters; it needs at least {4 * (spec.MaxLength + 1)} for --max-len {spec.MaxLength}");
        int splitAt = text.Length * 9 / 10;
        if (splitAt > 0 && char.IsHighSurrogate(text[splitAt - 1])) splitAt--;
        ITokenizer tokenizer = spec.Tokenizer.Trim().ToLowerInvariant() switch
        {
            "char" => CharTokenizer.FromCorpus(text),
            "bpe" => BpeTokenizer.Train(text[..splitAt], spec.Merges),
            var k => throw new UserError($"unknown tokenizer '{k}'; choose char or bpe"),
        };
        var train = tokenizer.Encode(text[..splitAt]);
        var valid = tokenizer.Encode(text[splitAt..]);
        if (train.Length < ctx + 2 || valid.Length < 2)
            throw new UserError($"the corpus is too short for --max-len {ctx} after tokenising ({train.Length} training and {valid.Length} held-out tokens)");
        var config = Config(spec, tokenizer.Vocabulary.Size, ctx);
        var model = TransformerFactory.Create<float>(config, spec.Seed);
        var bundle = new ModelBundle(model, tokenizer, "text", ctx);

        var validItems = new List<TrainingItem>();
        for (int s = 0; s + 1 < valid.Length; s += ctx)
        {
            int len = Math.Min(ctx, valid.Length - 1 - s);
            validItems.Add(new TrainingItem(valid[s..(s + len)], valid[(s + 1)..(s + len + 1)], null, []));
        }
        double heldOutLoss = double.NaN;
        double Evaluate(Transformer<float> m)
        {
            var (loss, correct, count) = TextMetrics(m, validItems);
            heldOutLoss = loss / count;
            return correct / (double)count;
        }
        var result = Trainer.Fit(model,
            r => Enumerable.Range(0, spec.Options.BatchSize).Select(_ =>
            {
                int s = r.Next(train.Length - ctx - 1);
                return new TrainingItem(train[s..(s + ctx)], train[(s + 1)..(s + ctx + 1)], null, []);
            }).ToList(),
            spec.Options with { Seed = spec.Seed },
            Evaluate, progress,
            checkpointPath is null ? null : _ => TrainedModelFile.Save(bundle, checkpointPath));
        return (bundle, Report(spec, model, result, heldOutLoss, UnigramLoss(train, valid, tokenizer.Vocabulary.Size)));
    }

    /// <summary>Summed held-out NLL (nats), correct argmax predictions and predicted-token count.</summary>
    private static (double Loss, int Correct, int Count) TextMetrics(Transformer<float> model, List<TrainingItem> items)
    {
        double loss = 0;
        int correct = 0, count = 0;
        for (int start = 0; start < items.Count; start += 64)
        {
            var batch = items.Skip(start).Take(64).ToList();
            var logits = model.ForwardBatch(batch.Select(b => b.Input).ToList());
            for (int i = 0; i < batch.Count; i++)
            {
                var lp = logits[i];
                Glassbox.Tensors.Kernels.LogSoftmaxColumns(lp, lp);
                var argmax = Glassbox.Tensors.Kernels.ArgMaxColumns(lp);
                for (int t = 0; t < batch[i].Targets.Length; t++)
                {
                    loss -= lp[batch[i].Targets[t], t];
                    if (argmax[t] == batch[i].Targets[t]) correct++;
                    count++;
                }
            }
        }
        return (loss, correct, count);
    }

    /// <summary>Cross-entropy (nats/token) of the held-out text under the training text's add-one-smoothed character frequencies.</summary>
    public static double UnigramLoss(int[] train, int[] valid, int vocab)
    {
        var counts = new double[vocab];
        foreach (var c in train) counts[c]++;
        double total = train.Length + vocab;
        return valid.Average(c => -Math.Log((counts[c] + 1) / total));
    }

    private static TaskTrainingReport Report(TaskTrainingSpec spec, Transformer<float> model, TrainingResult r, double? heldOutLoss, double? unigram) =>
        new(TaskNames.Name(spec.Task), ArchitectureName(spec.Architecture), spec.Layers, spec.Heads, spec.DModel, r.Steps, r.Seconds,
            r.TrainLoss, r.Accuracy, r.TokensPerSecond, model.ParameterCount, heldOutLoss, unigram);

    /// <summary>The command-line name of an architecture.</summary>
    public static string ArchitectureName(Architecture a) => a switch
    {
        Architecture.Encoder => "encoder",
        Architecture.Decoder => "decoder",
        _ => "encoder-decoder",
    };

    /// <summary>Parses a command-line architecture name.</summary>
    public static Architecture ParseArchitecture(string name) => name.Trim().ToLowerInvariant() switch
    {
        "encoder" => Architecture.Encoder,
        "decoder" => Architecture.Decoder,
        "encoder-decoder" or "encoder_decoder" => Architecture.EncoderDecoder,
        _ => throw new UserError($"unknown architecture '{name}'; choose encoder, decoder or encoder-decoder"),
    };
}
