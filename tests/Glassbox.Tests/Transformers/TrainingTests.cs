using System.CommandLine;
using System.Text.Json;
using Glassbox.Cli;
using Glassbox.Transformers;
using Glassbox.Transformers.Tasks;
using Glassbox.Transformers.Training;

namespace Glassbox.Tests.Transformers;

public class TrainingTests
{
    [Fact]
    public void ATinyDecoderLearnsToCopyInAFewSeconds()
    {
        var spec = new TaskTrainingSpec
        {
            Task = TaskKind.Copy, Architecture = Architecture.Decoder, Layers = 1, Heads = 1, DModel = 24, MaxLength = 3, VocabSize = 3,
            Seed = 3, HeldOut = 100,
            Options = new TrainingOptions { Steps = 400, BatchSize = 16, LearningRate = 3e-3, WarmupSteps = 20, EvaluateEvery = 50, TargetAccuracy = 1.0 },
        };
        var (bundle, report) = TaskTraining.Run(spec);
        Assert.Equal(1.0, report.Accuracy);
        var v = bundle.Tokenizer.Vocabulary;
        var answer = Inference.DInference(bundle.Model, TaskFormat.Prompt(Architecture.Decoder, v, bundle.Tokenizer.Encode("2 0 1")), 4, 0, new Random(1), v.Eos);
        Assert.Equal("2 0 1", bundle.Tokenizer.Decode(answer));
        Assert.Equal(v.Eos, answer[^1]);
    }

    [Fact]
    public void TrainingIsDeterministicForAFixedSeed()
    {
        var spec = new TaskTrainingSpec
        {
            Task = TaskKind.Sort, Architecture = Architecture.Encoder, Layers = 1, DModel = 16, MaxLength = 4, VocabSize = 4, Seed = 9, HeldOut = 20,
            Options = new TrainingOptions { Steps = 20, BatchSize = 8, EvaluateEvery = 10 },
        };
        var a = TaskTraining.Run(spec).Report;
        var b = TaskTraining.Run(spec).Report;
        Assert.Equal(a.TrainLoss, b.TrainLoss);
        Assert.Equal(a.Accuracy, b.Accuracy);
    }

    [Fact]
    public void DTrainingLossIsTheSummedNextTokenNll()
    {
        var model = TransformerFactory.Create<double>(EngineTests.Tiny(Architecture.Decoder), seed: 41);
        int[] x = [8, 1, 2, 3, 4];
        var logits = model.Forward(x);
        Glassbox.Tensors.Kernels.LogSoftmaxColumns(logits, logits);
        double expected = 0;
        for (int t = 0; t < 4; t++) expected -= logits[x[t + 1], t];
        Assert.Equal(expected, model.SequenceLoss(x), 12);
        var (sum, count) = model.Backpropagate([x[..^1]], [x[1..]], new Gradients<double>());
        Assert.Equal(4, count);
        Assert.Equal(expected, sum, 10);
    }

    [Fact]
    public void ModelFilesRoundTripAndCorruptionIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("gbm");
        try
        {
            var spec = new TaskTrainingSpec
            {
                Task = TaskKind.Reverse, Architecture = Architecture.EncoderDecoder, Layers = 1, DModel = 16, MaxLength = 4, VocabSize = 4, HeldOut = 10,
                Options = new TrainingOptions { Steps = 5, BatchSize = 4, EvaluateEvery = 5 },
            };
            var (bundle, _) = TaskTraining.Run(spec);
            var path = Path.Combine(dir.FullName, "m.gbm");
            TrainedModelFile.Save(bundle, path);
            var loaded = TrainedModelFile.Load(path);
            Assert.Equal("reverse", loaded.Task);
            Assert.True(bundle.Model.Forward([7, 1, 2], [7, 3]).ContentEquals(loaded.Model.Forward([7, 1, 2], [7, 3])));
            Assert.Empty(Directory.GetFiles(dir.FullName, "*.tmp"));

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            Assert.Contains("truncated or corrupted", Assert.Throws<UserError>(() => TrainedModelFile.Load(path)).Message);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            Assert.Throws<UserError>(() => TrainedModelFile.Load(path));
            File.WriteAllText(path, "hello");
            Assert.Contains("signature", Assert.Throws<UserError>(() => TrainedModelFile.Load(path)).Message);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void TrainCommandPrintsOneJsonObjectAndSampleUsesTheModel()
    {
        var dir = Directory.CreateTempSubdirectory("gbm");
        try
        {
            var path = Path.Combine(dir.FullName, "copy.gbm");
            var (code, output, _) = Cli("train", "--task", "copy", "--arch", "decoder", "--layers", "1", "--d-model", "16", "--max-len", "3",
                "--vocab-size", "3", "--steps", "10", "--held-out", "10", "--json", "-o", path);
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            foreach (var key in new[] { "task", "arch", "layers", "heads", "d_model", "steps", "seconds", "train_loss", "accuracy" })
                Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
            Assert.Equal("copy", doc.RootElement.GetProperty("task").GetString());
            Assert.Equal(10, doc.RootElement.GetProperty("steps").GetInt32());

            var (sampleCode, sampled, _) = Cli("sample", path, "--prompt", "1 2", "--temperature", "0");
            Assert.Equal(0, sampleCode);
            Assert.False(string.IsNullOrWhiteSpace(sampled));

            var (badCode, _, err) = Cli("sample", path, "--prompt", "1 9");
            Assert.Equal(1, badCode);
            Assert.Contains("'9'", err);
        }
        finally { dir.Delete(true); }
    }

    [Theory]
    [InlineData("char")]
    [InlineData("bpe")]
    public void ATextDecoderBeatsTheUnigramBaseline(string tokenizer)
    {
        var corpus = string.Concat(Enumerable.Range(0, 60).Select(i => $"the cat sat on mat {i % 3}. "));
        var spec = new TaskTrainingSpec
        {
            Task = TaskKind.Text, Architecture = Architecture.Decoder, Layers = 1, Heads = 1, DModel = 24, MaxLength = 16, Seed = 2,
            Corpus = corpus, Tokenizer = tokenizer, Merges = 20,
            Options = new TrainingOptions { Steps = 100, BatchSize = 8, LearningRate = 5e-3, WarmupSteps = 10, EvaluateEvery = 100 },
        };
        var (bundle, report) = TaskTraining.Run(spec);
        Assert.True(report.HeldOutLoss < report.UnigramLoss / 2, $"held-out {report.HeldOutLoss} vs unigram {report.UnigramLoss}");
        Assert.Equal(tokenizer, bundle.Tokenizer.Kind);
    }

    [Fact]
    public void BadTrainArgumentsAreUserErrors()
    {
        Assert.Equal(1, Cli("train", "--task", "histogram").Code);
        Assert.Equal(1, Cli("train", "--task", "text", "--arch", "decoder").Code);
        Assert.Equal(1, Cli("train", "--task", "copy", "--arch", "sideways").Code);
        Assert.Equal(1, Cli("sample", "no-such-model.gbm", "--prompt", "x").Code);
    }

    internal static (int Code, string Out, string Err) Cli(params string[] args) => CliHarness.Run(args);
}
