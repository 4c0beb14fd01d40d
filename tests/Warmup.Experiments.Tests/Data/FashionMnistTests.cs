using Warmup.Experiments.Data;

namespace Warmup.Experiments.Tests.Data;

public sealed class FashionMnistTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("warmup-fmnist-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadsAnExplicitFolder(bool gzip)
    {
        IdxFiles.WriteDataSet(_dir.FullName, n: 30, m: 12, gzip: gzip);

        var data = FashionMnist.Load(_dir.FullName);

        Assert.False(data.IsSample);
        Assert.Equal(_dir.FullName, data.Source);
        Assert.Equal((30, 28, 28), (data.Train.Count, data.Train.Height, data.Train.Width));
        Assert.Equal(12, data.Test.Count);
        Assert.Equal(30 * 28 * 28, data.Train.Images.Length);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1], data.Test.Labels);
    }

    [Fact]
    public void AMissingFolderSaysHowToGetTheData()
    {
        var missing = Path.Combine(_dir.FullName, "nothing-here");

        var e = Assert.Throws<DirectoryNotFoundException>(() => FashionMnist.Load(missing));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Message, StringComparison.Ordinal);
        Assert.Contains("--data FOLDER", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagesAndLabelsMustAgree()
    {
        IdxFiles.WriteDataSet(_dir.FullName, n: 5, m: 5);
        File.WriteAllBytes(Path.Combine(_dir.FullName, "t10k-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Bytes(new byte[4], 4)));

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_dir.FullName));

        Assert.EndsWith("t10k-images-idx3-ubyte.gz has 5 images but " + Path.Combine(_dir.FullName, "t10k-labels-idx1-ubyte.gz") + " has 4 labels.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsOutsideTheTenClassesAreRejected()
    {
        IdxFiles.WriteDataSet(_dir.FullName, n: 3, m: 3);
        File.WriteAllBytes(Path.Combine(_dir.FullName, "train-labels-idx1-ubyte.gz"), IdxFiles.Gzip(IdxFiles.Bytes([1, 12, 3], 3)));

        var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(_dir.FullName));

        Assert.EndsWith("label 12 at position 1 is not a class 0-9.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedSampleIsRealFashionMnist()
    {
        var sample = FashionMnist.Load(FashionMnist.SampleFolder);

        Assert.Equal((2000, 1000), (sample.Train.Count, sample.Test.Count));
        Assert.Equal((28, 28), (sample.Train.Height, sample.Train.Width));

        // Every class appears, and the pixel mean is near the full training set's 0.2860 (Xiao et al.'s statistics).
        Assert.Equal(10, sample.Train.Labels.Distinct().Count());
        double mean = sample.Train.Images.Average(b => b / 255.0);
        Assert.InRange(mean, 0.27, 0.30);
    }

    [Fact]
    public void TheSearchOrderStartsWithTheEnvironmentThenDebian()
    {
        var candidates = FashionMnist.Candidates().ToList();
        int debian = candidates.IndexOf(FashionMnist.DebianFolder);
        Assert.True(debian >= 0);
        Assert.EndsWith(Path.Combine("warmup", "fashion-mnist"), candidates[^1], StringComparison.Ordinal);
        Assert.True(debian < candidates.Count - 1);
    }
}
