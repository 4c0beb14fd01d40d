using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Training;

public sealed class TextClassificationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-bow-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>
    /// Two classes whose documents share a word of their own (and the word "the"): the classifier learns them, so
    /// the training loss falls far below ln 2 = 0.69 (a guess) and the held-out documents are all right.
    /// </summary>
    [Fact]
    public void LearnsTwoSeparableClassesFromTheirFiles()
    {
        string[] animals = ["purring", "barking"];
        var files = animals.Select(a => Write(a, Enumerable.Range(0, 20).Select(i => $"the {a} animal number {i}"))).ToList();
        var s = new TrainSettings
        {
            Task = "fortunes-bow", Method = MethodSpec.Parse("adam"), LearningRate = 0.05, Steps = 60, BatchSize = 8, DiagnoseEvery = 20,
            ProbeExamples = 2, TextFiles = files,
        };

        var result = Trainer.Run(s, cancel: TestContext.Current.CancellationToken);

        Assert.Equal("test accuracy (%)", result.MetricName);
        Assert.Equal(100.0, result.TestMetric);
        Assert.True(result.FinalTrainLoss < 0.1, $"final training loss {result.FinalTrainLoss}");
        Assert.Equal($"40 documents in 2 classes (36 training, 4 test) from {files[0]}, {files[1]}", result.DataNote);
        Assert.StartsWith("task=fortunes-bow;", s.Configuration, StringComparison.Ordinal);
        Assert.EndsWith($";text={files[0]}|{files[1]}", s.Configuration, StringComparison.Ordinal);
    }

    private string Write(string name, IEnumerable<string> documents)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, string.Join("\n\n", documents));
        return path;
    }
}
