using Glassbox.Transformers;
using Glassbox.Transformers.Training;

namespace Glassbox.Tests.Transformers;

public class PaperTrainingTests
{
    private static readonly TrainingOptions Short = new() { Steps = 60, BatchSize = 8, LearningRate = 3e-3, WarmupSteps = 5, Seed = 1 };

    [Fact]
    public void DTrainingDrivesNextTokenLossDown()
    {
        var model = TransformerFactory.Create<float>(EngineTests.Tiny(Architecture.Decoder), seed: 51);
        int[][] data = [[8, 0, 1, 2, 3, 4, 5], [8, 5, 4, 3, 2, 1, 0]];
        double before = data.Average(x => model.SequenceLoss(x));
        Trainer.DTraining(model, data, Short);
        double after = data.Average(x => model.SequenceLoss(x));
        Assert.True(after < before / 3, $"{before} → {after}");
    }

    [Fact]
    public void ETrainingLearnsToFillMaskedTokens()
    {
        var model = TransformerFactory.Create<float>(EngineTests.Tiny(Architecture.Encoder), seed: 52);
        int[][] data = [[0, 1, 2, 3], [3, 2, 1, 0]];
        var result = Trainer.ETraining(model, data, maskToken: 6, pMask: 0.25, Short with { Steps = 150 });
        Assert.True(result.TrainLoss < 1.5, $"masked-LM loss {result.TrainLoss}");
        var logits = model.Forward([0, 6, 2, 3]);
        Assert.Equal(1, Glassbox.Tensors.Kernels.ArgMaxColumns(logits)[1]);
    }

    [Fact]
    public void EDTrainingLearnsAFixedTranslation()
    {
        var model = TransformerFactory.Create<float>(EngineTests.Tiny(Architecture.EncoderDecoder), seed: 53);
        (int[], int[])[] pairs = [([0, 1, 2], [7, 2, 1, 0, 8]), ([2, 2, 0], [7, 0, 2, 2, 8])];
        Trainer.EDTraining(model, pairs, Short with { Steps = 120 });
        var x = Inference.EDInference(model, [0, 1, 2], bos: 7, eos: 8, temperature: 0, new Random(1), maxLength: 8);
        Assert.Equal([7, 2, 1, 0, 8], x);
    }
}
