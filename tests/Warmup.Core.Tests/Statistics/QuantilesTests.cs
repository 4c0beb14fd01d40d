using Warmup.Core.Statistics;

namespace Warmup.Core.Tests.Statistics;

/// <summary>Exact quantiles against sorting with NumPy's linear definition.</summary>
public class QuantilesTests
{
    private static readonly double[] Probabilities = [0, 0.025, 0.25, 0.5, 0.75, 0.975, 1];

    private static double[] BySorting(float[] values)
    {
        var s = values.Order().ToArray();
        int n = s.Length;
        return Probabilities.Select(p =>
        {
            double h = (n - 1) * p;
            int k = (int)Math.Floor(h);
            return s[k] + ((h - k) * (s[Math.Min(k + 1, n - 1)] - (double)s[k]));
        }).ToArray();
    }

    [Fact]
    public void EveryLengthFromOneTo300()
    {
        var rng = new System.Random(1);
        var q = new Quantiles(Probabilities);
        var result = new double[Probabilities.Length];
        for (int n = 1; n <= 300; n++)
        {
            var values = Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 20) - 10)).ToArray();
            q.Compute(values, result);
            Assert.Equal(BySorting(values), result);
        }
    }

    [Fact]
    public void DuplicatesNegativesAndZeros()
    {
        var q = new Quantiles(Probabilities);
        var result = new double[Probabilities.Length];
        foreach (var values in new[]
        {
            new float[] { 3, 3, 3, 3 },
            [-0f, 0f, -1f, 1f, -1f, 1e-30f, -1e-30f],
            [float.MaxValue, float.MinValue, 0, 1],
            Enumerable.Repeat(2.5f, 1000).Concat(Enumerable.Repeat(-7f, 1000)).ToArray(),
        })
        {
            q.Compute(values, result);
            Assert.Equal(BySorting(values), result);
        }
    }

    /// <summary>Infinite values (the trainer's coefficients of variation can be): the limits of the interpolation, never NaN.</summary>
    [Theory]
    [InlineData(new[] { 1f, 2f, float.PositiveInfinity, float.PositiveInfinity }, 0.5, double.PositiveInfinity)] // between 2 and +inf
    [InlineData(new[] { float.PositiveInfinity, float.PositiveInfinity, float.PositiveInfinity }, 0.5, double.PositiveInfinity)]
    [InlineData(new[] { 1f, 2f, 3f, float.PositiveInfinity }, 0.5, 2.5)]
    [InlineData(new[] { float.NegativeInfinity, 1f }, 0.5, double.NegativeInfinity)]
    [InlineData(new[] { float.NegativeInfinity, 1f, float.PositiveInfinity }, 0.5, 1.0)]
    [InlineData(new[] { float.NegativeInfinity, 1f, float.PositiveInfinity }, 1.0, double.PositiveInfinity)]
    public void InfinitiesGiveTheirLimits(float[] values, double p, double expected)
    {
        var q = new Quantiles([p]);
        var result = new double[1];
        for (int call = 0; call < 3; call++) // the second and third calls may use the first one's result as a guess
        {
            q.Compute(values, result);
            Assert.Equal(expected, result[0]);
        }
    }

    /// <summary>A drifting sequence of samples, as in the simulation: the bracket path is taken and stays exact.</summary>
    [Fact]
    public void ASequenceOfSimilarSamplesUsesTheBracketsAndStaysExact()
    {
        var rng = new System.Random(2);
        var q = new Quantiles(Probabilities);
        var result = new double[Probabilities.Length];
        var values = Enumerable.Range(0, 20_000).Select(_ => (float)Math.Abs(rng.NextDouble() - 0.3)).ToArray();
        for (int step = 0; step < 200; step++)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Math.Abs((0.95f * values[i]) + (0.05f * (float)(rng.NextDouble() - 0.5)));
            }

            q.Compute(values, result);
            Assert.Equal(BySorting(values), result);
        }

        Assert.True(q.BracketHits > 100, $"bracket hits {q.BracketHits}, radix calls {q.RadixCalls}");
        Assert.True(q.RadixCalls >= 1);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Quantiles([1.5]));
        var q = new Quantiles([0.5]);
        Assert.Throws<ArgumentException>(() => q.Compute([], new double[1]));
        Assert.Throws<ArgumentException>(() => q.Compute([1f], new double[2]));
    }
}
