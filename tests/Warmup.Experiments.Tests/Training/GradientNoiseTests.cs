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
        // Entry 4: no probe saw a gradient, the mean batch did (a unit that fires rarely) -> left out.
        // Entry 5: probes 1e-30, 2e-30, mean 0.5: mean square 2.5e-60 < 0.25 / 4, the probes missed the mean -> left out.
        // Entry 6: probes 0.5, 0.5 (mean square 0.25), G = 1: exactly at G^2 / 4 -> kept, s^2 = 0 -> cv = 0.
        float[] mean = [2f, -1f, 0.1f, 0f, 0.5f, 0.5f, 1f];
        double[] sum = [4, -2, 0, 0, 0, 3e-30, 1];
        double[] squares = [10, 2, 2, 0, 0, 5e-60, 0.5];

        var cv = GradientNoise.CoefficientsOfVariation(mean, sum, squares, probes: 2, batch: 8, meanExamples: 8);

        Assert.Equal(4, cv.Length);
        Assert.Equal(Math.Sqrt(2.0 / 8) / Math.Sqrt(3.75), cv[0], 1e-6);
        Assert.Equal(0f, cv[1]);
        Assert.Equal(float.PositiveInfinity, cv[2]);
        Assert.Equal(0f, cv[3]);
    }

    [Fact]
    public void EqualProbesGiveExactlyZeroDespiteRounding()
    {
        // Three probes of 0.1: in doubles 3 * (0.3 / 3)^2 differs from 0.1^2 + 0.1^2 + 0.1^2 in the last bits.
        double sum = 0.1 + 0.1 + 0.1, squares = (0.1 * 0.1) + (0.1 * 0.1) + (0.1 * 0.1);
        Assert.NotEqual(0.0, squares - (3 * (sum / 3) * (sum / 3)));

        var cv = GradientNoise.CoefficientsOfVariation([0.1f], [sum], [squares], probes: 3, batch: 8, meanExamples: 32);

        Assert.Equal([0f], cv);
    }

    [Fact]
    public void RarelyFiringUnitsReadHighNotZero()
    {
        // Every entry's single-example gradient is 1 with probability p = 0.02, else 0 (a ReLU unit that fires for 2 %
        // of examples). True coefficient for B = 128: sqrt(p (1 - p)) / (sqrt(B) p) = sqrt(0.98 / 2.56) = 0.619.
        // 16 probes all miss with probability 0.98^16 = 0.72, and those entries used to count as noiseless, which put
        // the median at 0. Left out, the rest read high (one hit in 16 probes overstates p), never zero.
        const int b = 128, k = 16, m = 4 * b, n = 20_000;
        const double p = 0.02;
        double truth = Math.Sqrt(p * (1 - p)) / (Math.Sqrt(b) * p);
        var random = new Random(5);
        var mean = new float[n];
        var sum = new double[n];
        var squares = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double g = random.NextDouble() < p ? 1 : 0;
                sum[i] += g;
                squares[i] += g * g;
            }

            int hits = 0;
            for (int j = 0; j < m; j++)
            {
                hits += random.NextDouble() < p ? 1 : 0;
            }

            mean[i] = (float)hits / m;
        }

        var cv = GradientNoise.CoefficientsOfVariation(mean, sum, squares, k, b, m);

        Assert.InRange(cv.Length, (int)(0.2 * n), (int)(0.35 * n)); // 1 - 0.72 = 0.28 of the entries remain
        double median = cv.Order().ElementAt(cv.Length / 2);
        Assert.InRange(median, truth, 3 * truth);
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
