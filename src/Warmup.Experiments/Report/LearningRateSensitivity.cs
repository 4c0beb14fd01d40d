namespace Warmup.Experiments.Report;

/// <summary>
/// Wortsman et al. 2023's learning-rate sensitivity ("Small-scale proxies for large-scale Transformer training
/// instabilities", arXiv 2309.14322, Section 3.2): over a grid of learning rates, the mean of
/// <c>min(loss(lr), loss_0) - loss*</c>, loss_0 the loss at initialization (here the chance loss ln K) and loss* the best
/// loss over the grid. 0 when every rate is as good as the best; up to loss_0 - loss* when all but one fail. Losses are
/// final validation losses, ln of the perplexity; a run that diverged counts as loss_0.
/// </summary>
internal static class LearningRateSensitivity
{
    /// <summary>The sensitivity of one method from its mean loss at each learning rate of the grid.</summary>
    /// <param name="meanLoss">The mean final loss at each learning rate.</param>
    /// <param name="loss0">The loss at initialization.</param>
    public static double Of(IReadOnlyList<double> meanLoss, double loss0)
    {
        ArgumentNullException.ThrowIfNull(meanLoss);
        double best = meanLoss.Min();
        return meanLoss.Average(l => Math.Min(l, loss0) - best);
    }

    /// <summary>
    /// The 95 % percentile bootstrap interval of the sensitivity: each resampling draws, at every learning rate, as many
    /// seeds as it has, with replacement (2,000 resamplings, seed 1).
    /// </summary>
    /// <param name="losses">The runs' final losses at each learning rate (loss_0 for a diverged run).</param>
    /// <param name="loss0">The loss at initialization.</param>
    public static (double Low, double High) Interval(IReadOnlyList<IReadOnlyList<double>> losses, double loss0)
    {
        ArgumentNullException.ThrowIfNull(losses);
        return Core.Statistics.Bootstrap.Interval(rng => Of([.. losses.Select(l => Core.Statistics.Bootstrap.Resample(l, rng).Average())], loss0));
    }
}
