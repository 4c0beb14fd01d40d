namespace Warmup.Analysis.Analyses;

/// <summary>
/// Settings of the simulated verification of Liu et al. (Section 5.3, Fig. 9): gradients g ~ N(mu, 1), beta2 = 0.999,
/// 5,000 trajectories, 6,000 iterations. The paper does not list its six values of mu; ours are a documented choice
/// from the zero-mean case it analyses to gradients whose mean dominates their noise.
/// </summary>
/// <param name="Means">The gradient means mu, one simulation each.</param>
/// <param name="Trajectories">Independent trajectories per mu, &gt;= 2.</param>
/// <param name="Iterations">Iterations, &gt;= 1.</param>
/// <param name="Beta2">Second-moment decay, in (0.6, 1) so that rectification starts.</param>
/// <param name="Seed">Seed of the gradient streams.</param>
/// <param name="Threads">Threads (0: all cores). The result does not depend on it.</param>
public sealed record RectifiedVarianceSettings(
    IReadOnlyList<double>? Means = null,
    int Trajectories = 5_000,
    int Iterations = 6_000,
    double Beta2 = 0.999,
    ulong Seed = 2,
    int Threads = 0)
{
    /// <summary>The default means: 0, 0.1, 0.3, 1, 3, 10.</summary>
    public static IReadOnlyList<double> DefaultMeans { get; } = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0];

    /// <summary>The means used.</summary>
    public IReadOnlyList<double> MeansOrDefault => Means ?? DefaultMeans;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require.AtLeastOne(Trajectories - 1, "trajectories - 1");
        Require.AtLeastOne(Iterations, "iterations");
        Require.OpenUnit(Beta2, "beta2");
        if (!Core.Maths.Rectification.CanReach(Core.Maths.Rectification.PaperThreshold, Beta2))
        {
            throw new ArgumentException($"beta2 must exceed 0.6 for RAdam to rectify (got {Beta2}).");
        }

        Require.NonNegative(Threads, "threads");
        if (MeansOrDefault.Count == 0)
        {
            throw new ArgumentException("At least one mean is needed.");
        }

        foreach (double mu in MeansOrDefault)
        {
            Require.Finite(mu, "mean");
        }
    }
}
