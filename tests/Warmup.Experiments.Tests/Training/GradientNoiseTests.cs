using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Training;

public class GradientNoiseTests
{
    [Fact]
    public void IsTheSampleStandardDeviationOfTheMinibatchMeanOverTheMean()
    {
        // Entry 0: probes 1, 3 -> mean 2, sample variance 2; entry 1: probes -1, -1 -> variance 0;
        // entry 2: probes 1, -1 -> mean 0, left out. Minibatch of 8: cv = sqrt(2 / 8) / 2 = 0.25.
        double[] sum = [4, -2, 0];
        double[] squares = [10, 2, 2];

        var cv = GradientNoise.CoefficientsOfVariation(sum, squares, probes: 2, batch: 8);

        Assert.Equal([0.25f, 0f], cv);
    }

    [Fact]
    public void MatchesADirectComputationOnRandomProbes()
    {
        var random = new Random(5);
        const int k = 16, n = 50, b = 128;
        var g = new double[k, n];
        var sum = new double[n];
        var squares = new double[n];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j < n; j++)
            {
                g[i, j] = 0.3 + random.NextDouble();
                sum[j] += g[i, j];
                squares[j] += g[i, j] * g[i, j];
            }
        }

        var cv = GradientNoise.CoefficientsOfVariation(sum, squares, k, b);

        for (int j = 0; j < n; j++)
        {
            var column = Enumerable.Range(0, k).Select(i => g[i, j]).ToArray();
            double mean = column.Average();
            double sd = Math.Sqrt(column.Sum(x => (x - mean) * (x - mean)) / (k - 1));
            Assert.Equal(sd / Math.Sqrt(b) / mean, cv[j], 1e-6);
        }
    }

    [Fact]
    public void NeedsTwoProbesAndMatchingLengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientNoise.CoefficientsOfVariation([1.0], [1.0], 1, 8));
        Assert.Throws<ArgumentException>(() => GradientNoise.CoefficientsOfVariation([1.0], [1.0, 2.0], 2, 8));
    }
}
