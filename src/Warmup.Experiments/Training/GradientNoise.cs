namespace Warmup.Experiments.Training;

/// <summary>
/// The coefficient of variation of minibatch gradients (Ma and Yarats, Fig. 1a), per parameter entry. For a
/// minibatch of B examples it is <c>sigma / (sqrt(B) |mu|)</c>, with mu and sigma^2 the mean and variance of one
/// example's gradient. Two measurements estimate them:
/// <list type="bullet">
/// <item>K probe examples back-propagated one at a time give the sample variance s^2 (unbiased for sigma^2);</item>
/// <item>a fixed batch of M examples (M = 4B) gives the mean gradient G, whose square is biased upwards by the
/// noise: E[G^2] = mu^2 + sigma^2 / M, so mu^2 is estimated by G^2 - s^2 / M.</item>
/// </list>
/// When that estimate is not positive the noise swamps the mean and the coefficient is +infinity (it still counts
/// in the median). Entries where every probe's gradient is exactly zero are left out: a ReLU unit that no longer
/// fires has no gradient at all, and one that fires for a few examples in a hundred has a large true coefficient
/// (about 1 / sqrt(B p) for a firing rate p) but a sample variance of 0 whenever the K probes all miss it; counting
/// those as noiseless pulled the median to zero once most units fired rarely. For the same reason an entry is left out
/// when its probes' mean square is below a quarter of G^2: one example's gradient has E[g^2] = mu^2 + sigma^2, at
/// least mu^2, so probes that fall that far short missed the rare large gradients that make up the mean (seen where a
/// saturated network gives most examples a gradient near 1e-30 and a few a large one). The sample variance is computed from
/// sums, so a value within double rounding of zero is taken as zero (gradients the same for every probe). On simulated gradients the median over entries lands within 15 % of the true coefficient up to 1, the
/// range where Ma and Yarats' Fig. 1a crosses 1; above, the mean batch's own noise makes it read high, never low.
/// Taking mu from the K probes instead would cap the median near sqrt(K / B) / 0.67 (about 0.5 for K = 16,
/// B = 128), however noisy the gradients really are.
/// </summary>
internal static class GradientNoise
{
    // Sum of squares minus K times the squared mean loses about K ulps of the sum of squares to rounding.
    private const double RoundingTolerance = 1e-12;

    /// <summary>The coefficient of variation of each entry that has a gradient.</summary>
    /// <param name="mean">Per entry, the mean gradient G over the M-example batch.</param>
    /// <param name="probeSum">Per entry, the sum of the K probe gradients.</param>
    /// <param name="probeSquares">Per entry, the sum of their squares.</param>
    /// <param name="probes">K, at least 2.</param>
    /// <param name="batch">B, the minibatch size.</param>
    /// <param name="meanExamples">M, the examples behind <paramref name="mean"/>.</param>
    public static float[] CoefficientsOfVariation(ReadOnlySpan<float> mean, ReadOnlySpan<double> probeSum, ReadOnlySpan<double> probeSquares, int probes, int batch, int meanExamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(meanExamples, 1);
        if (probeSum.Length != mean.Length || probeSquares.Length != mean.Length)
        {
            throw new ArgumentException($"{mean.Length} means, {probeSum.Length} sums and {probeSquares.Length} sums of squares.", nameof(probeSquares));
        }

        var cvs = new List<float>(mean.Length);
        for (int i = 0; i < mean.Length; i++)
        {
            double g = mean[i];
            if (probeSquares[i] == 0 || probeSquares[i] / probes < g * g / 4)
            {
                continue;
            }

            double probeMean = probeSum[i] / probes;
            double deviations = probeSquares[i] - (probes * probeMean * probeMean);
            double variance = deviations > RoundingTolerance * probeSquares[i] ? deviations / (probes - 1) : 0;

            double meanSquared = (g * g) - (variance / meanExamples);
            cvs.Add(meanSquared > 0 ? (float)(Math.Sqrt(variance / batch) / Math.Sqrt(meanSquared)) : float.PositiveInfinity);
        }

        return [.. cvs];
    }
}
