namespace Warmup.Experiments.Training;

/// <summary>
/// The coefficient of variation of minibatch gradients (Ma and Yarats, Fig. 1c), estimated from the gradients of
/// single examples. For one parameter entry, K probe examples give gradients g_1..g_K with mean g-bar and sample
/// variance s^2; a minibatch of B examples drawn the same way has mean g-bar and standard deviation s / sqrt(B), so
/// its coefficient of variation is s / (sqrt(B) |g-bar|). Entries whose mean is exactly 0 (e.g. behind a dead ReLU)
/// have no coefficient and are left out.
/// </summary>
internal static class GradientNoise
{
    /// <summary>The coefficient of variation of each entry with a non-zero mean.</summary>
    /// <param name="sum">Per entry, the sum of the K probe gradients.</param>
    /// <param name="squares">Per entry, the sum of their squares.</param>
    /// <param name="probes">K, at least 2.</param>
    /// <param name="batch">B, the minibatch size.</param>
    public static float[] CoefficientsOfVariation(ReadOnlySpan<double> sum, ReadOnlySpan<double> squares, int probes, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (sum.Length != squares.Length)
        {
            throw new ArgumentException($"{sum.Length} sums but {squares.Length} sums of squares.", nameof(squares));
        }

        var cvs = new List<float>(sum.Length);
        for (int i = 0; i < sum.Length; i++)
        {
            double mean = sum[i] / probes;
            double variance = Math.Max(0, (squares[i] - (probes * mean * mean)) / (probes - 1));
            if (mean != 0)
            {
                cvs.Add((float)(Math.Sqrt(variance / batch) / Math.Abs(mean)));
            }
        }

        return [.. cvs];
    }
}
