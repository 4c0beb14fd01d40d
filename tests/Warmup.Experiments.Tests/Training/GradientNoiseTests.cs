using Warmup.Experiments.Training;

namespace Warmup.Experiments.Tests.Training;

public class GradientNoiseTests
{
    [Fact]
    public void ClosedFormsOfTheEstimator()
    {
        // Entry 0: probes 1, 3 -> s^2 = 2; G = 2 over M = 8 -> mu^2 = 4 - 2/8 = 3.75; cv = sqrt(2/8) / sqrt(3.75).
        // Entry 1: probes -1, -1 -> s^2 = 0; G = -1 -> cv = 0.
        // Entry 2: s^2 = 2, G = 0.1 -> mu^2 = 0.01 - 0.25 < 0 -> +infinity.
        // Entry 3: no gradient at all -> left out.
        float[] mean = [2f, -1f, 0.1f, 0f];
        double[] sum = [4, -2, 0, 0];
        double[] squares = [10, 2, 2, 0];

        var cv = GradientNoise.CoefficientsOfVariation(mean, sum, squares, probes: 2, batch: 8, meanExamples: 8);

        Assert.Equal(3, cv.Length);
        Assert.Equal(Math.Sqrt(2.0 / 8) / Math.Sqrt(3.75), cv[0], 1e-6);
        Assert.Equal(0f, cv[1]);
        Assert.Equal(float.PositiveInfinity, cv[2]);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void TheMedianOverEntriesRecoversAKnownCoefficientUpToOne(double c)
    {
        // 20,000 entries whose single-example gradients are N(mu, sigma^2) with sigma / (sqrt(B) mu) = c, measured as
        // the trainer does: K = 16 probes and a mean over M = 4B examples. Up to c = 1 the estimate's median lands
        // within 15 % of c; above, the mean batch's own noise (c / 2 relative) pushes it up, never below 1, while the
        // probes' own mean would cap it near 0.5.
        const int b = 128, k = 16, m = 4 * b, n = 20_000;
        var random = new Random(11);
        double sigma = c * Math.Sqrt(b);
        var mean = new float[n];
        var sum = new double[n];
        var squares = new double[n];
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var naive = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double g = 1 + (sigma * Normal());
                sum[i] += g;
                squares[i] += g * g;
            }

            mean[i] = (float)(1 + (sigma / Math.Sqrt(m) * Normal()));
            double s2 = (squares[i] - (sum[i] * sum[i] / k)) / (k - 1);
            naive[i] = Math.Sqrt(s2 / b) / Math.Abs(sum[i] / k);
        }

        var cv = GradientNoise.CoefficientsOfVariation(mean, sum, squares, k, b, m);
        double median = cv.Order().ElementAt(n / 2);
        double naiveMedian = naive.Order().ElementAt(n / 2);

        if (c <= 1)
        {
            Assert.InRange(median, 0.85 * c, 1.15 * c);
        }
        else
        {
            Assert.True(median > c, $"median {median}");
        }

        if (c >= 1)
        {
            Assert.True(naiveMedian < 0.6, $"the probe-mean estimator gave {naiveMedian}");
        }
    }

    [Fact]
    public void NeedsTwoProbesAndMatchingLengths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientNoise.CoefficientsOfVariation([1f], [1.0], [1.0], 1, 8, 8));
        Assert.Throws<ArgumentException>(() => GradientNoise.CoefficientsOfVariation([1f], [1.0], [1.0, 2.0], 2, 8, 8));
    }
}
