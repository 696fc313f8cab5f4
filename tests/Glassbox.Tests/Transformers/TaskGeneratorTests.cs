using Glassbox.Transformers.Tasks;

namespace Glassbox.Tests.Transformers;

public class TaskGeneratorTests
{
    private static string[] S(string s) => s.Select(c => c.ToString()).ToArray();

    [Theory]
    [InlineData(TaskKind.Reverse, "abc", "cba")]
    [InlineData(TaskKind.Sort, "3102", "0123")]
    [InlineData(TaskKind.Sort, "2121", "1122")]
    [InlineData(TaskKind.Hist, "aba", "212")]
    [InlineData(TaskKind.DoubleHist, "abbc", "2112")]
    [InlineData(TaskKind.MostFreq, "abbccddd", "dbca§§§§")]
    [InlineData(TaskKind.Dyck1, "()())", "PTPTF")]
    [InlineData(TaskKind.Dyck2, "([])]", "PPPTF")]
    [InlineData(TaskKind.Dyck2, "([)]", "PPFF")]
    public void SolvesThePapersExamples(TaskKind kind, string input, string expected) =>
        Assert.Equal(S(expected), TaskGenerator.Solve(kind, S(input)));

    [Theory]
    [InlineData(TaskKind.Sort)]
    [InlineData(TaskKind.Hist)]
    [InlineData(TaskKind.MostFreq)]
    [InlineData(TaskKind.Dyck2)]
    public void GenerationIsSeededAndWithinLimits(TaskKind kind)
    {
        var g = new TaskGenerator(kind, 5, 6);
        var r1 = new Random(42);
        var r2 = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            var x = g.Next(r1);
            var y = g.Next(r2);
            Assert.Equal(x.Input, y.Input);
            Assert.Equal(x.Output, y.Output);
            Assert.InRange(x.Input.Length, 1, 6);
            Assert.Equal(x.Input.Length, x.Output.Length);
            Assert.All(x.Input.Concat(x.Output), s => Assert.True(g.Tokenizer.Vocabulary.Contains(s)));
        }
    }

    [Fact]
    public void DyckGeneratorProducesAllThreeLabels()
    {
        var g = new TaskGenerator(TaskKind.Dyck1, 0, 8);
        var r = new Random(1);
        var labels = Enumerable.Range(0, 300).SelectMany(_ => g.Next(r).Output).GroupBy(s => s).ToDictionary(x => x.Key, x => x.Count());
        Assert.All(new[] { "P", "T", "F" }, l => Assert.True(labels.GetValueOrDefault(l) > 50, $"{l}: {labels.GetValueOrDefault(l)}"));
    }

    [Fact]
    public void UnknownTaskNameIsAUserError()
    {
        Assert.Equal(TaskKind.DoubleHist, TaskNames.Parse("double_hist"));
        Assert.Contains("most_freq", Assert.Throws<UserError>(() => TaskNames.Parse("histogram")).Message);
    }
}
