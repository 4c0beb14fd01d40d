using Warmup.Experiments.Data;
using Warmup.Experiments.Methods;
using Warmup.Reproduction;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Data;

public sealed class TrainingDataTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-data-check-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void ATextTooShortForTheContextIsNamedWithTheNumbers()
    {
        string file = Path.Combine(_dir.FullName, "text.txt");
        File.WriteAllText(file, string.Concat(Enumerable.Repeat("abcdefghij", 1_200)));
        var settings = new TrainSettings { Task = "charlm", Method = MethodSpec.Parse("adam"), TextFiles = [file], Context = 2_000 };

        var e = Assert.Throws<InvalidDataException>(() => TrainingData.Check([settings]));

        Assert.Equal(
            $"The text ({file}) has 12,000 characters: too short for sequences of 2,000 in batches of 32 (its held-out last tenth, 1,200 characters, needs at least 2,001; the rest, 10,800, at least 2,033).",
            e.Message);
        TrainingData.Check([settings with { Context = 64 }]);
    }

    [Fact]
    public void AFolderGivenAsTextIsNamed()
    {
        var settings = new TrainSettings { Task = "charlm", Method = MethodSpec.Parse("adam"), TextFiles = [_dir.FullName] };
        Assert.Equal($"Text file {_dir.FullName} is a folder; --text takes UTF-8 files.", Assert.Throws<FileNotFoundException>(() => TrainingData.Check([settings])).Message);
    }

    [Fact]
    public void ACorruptImageFileIsNamed()
    {
        foreach (var name in FashionMnist.FileNames)
        {
            File.Copy(Path.Combine(FashionMnist.SampleFolder, name + ".gz"), Path.Combine(_dir.FullName, name + ".gz"));
        }

        string broken = Path.Combine(_dir.FullName, "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(broken, [0x1f, 0x8b, 1, 2, 3]);
        var settings = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), DataFolder = _dir.FullName };

        Assert.StartsWith(broken, Assert.Throws<InvalidDataException>(() => TrainingData.Check([settings])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AReproductionWithBadTextWritesNothing()
    {
        string text = Path.Combine(_dir.FullName, "latin1.txt");
        File.WriteAllBytes(text, [.. Enumerable.Repeat((byte)0xE9, 20_000)]);
        string output = Path.Combine(_dir.FullName, "out");
        var options = new ReproductionOptions(output, ReproductionScale.Tiny, "test", TextFiles: [text]);

        Assert.StartsWith($"{text}: not valid UTF-8", Assert.Throws<InvalidDataException>(() => ReproductionJob.Run(options, cancel: TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Equal([text], Directory.GetFiles(_dir.FullName));
    }

    [Fact]
    public void AReproductionIntoAFileOrWithAFolderAsReportIsRefused()
    {
        string file = Path.Combine(_dir.FullName, "file");
        File.WriteAllText(file, "mine");
        Assert.Equal($"The output folder {file} is a file, not a folder.", Assert.Throws<IOException>(() => ReproductionJob.Check(new ReproductionOptions(file, ReproductionScale.Tiny, "test"))).Message);
        Assert.Equal(
            $"The output folder {Path.Combine(file, "sub")} cannot be created: {file} is a file.",
            Assert.Throws<IOException>(() => ReproductionJob.Check(new ReproductionOptions(Path.Combine(file, "sub"), ReproductionScale.Tiny, "test"))).Message);
        Assert.StartsWith(
            $"The report path {_dir.FullName} is a folder",
            Assert.Throws<IOException>(() => ReproductionJob.Check(new ReproductionOptions(Path.Combine(_dir.FullName, "out"), ReproductionScale.Tiny, "test", ReportPath: _dir.FullName))).Message,
            StringComparison.Ordinal);
        Assert.Equal([file], Directory.GetFiles(_dir.FullName));
        Assert.Empty(Directory.GetDirectories(_dir.FullName));
    }
}
