namespace Warmup.Analysis.Analyses;

/// <summary>
/// Settings of the update-magnitude simulation (Ma and Yarats, Section 3.3, Fig. 2). Defaults are the paper's:
/// 25,000 parameters, beta1 = 0.9, beta2 = 0.999, eps = 0; the paper runs 1,000 and then 10,000 iterations.
/// </summary>
/// <param name="Parameters">Simulated parameters (independent gradient streams), &gt;= 1.</param>
/// <param name="Iterations">Adam iterations, &gt;= 1.</param>
/// <param name="Beta1">First-moment decay, in [0, 1).</param>
/// <param name="Beta2">Second-moment decay, in [0, 1).</param>
/// <param name="Eps">Adam's eps for unit-variance gradients (the paper's 0 makes the result scale-free), &gt;= 0.</param>
/// <param name="Seed">Seed of the gradient streams.</param>
/// <param name="Threads">Threads (0: all cores). The result does not depend on it.</param>
public sealed record UpdateMagnitudeSettings(
    int Parameters = 25_000,
    int Iterations = 10_000,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Eps = 0.0,
    ulong Seed = 1,
    int Threads = 0)
{
    /// <summary>The quantiles the paper draws: 2.5, 25, 50, 75 and 97.5 %.</summary>
    public static IReadOnlyList<double> Probabilities { get; } = [0.025, 0.25, 0.5, 0.75, 0.975];

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require.AtLeastOne(Parameters, "parameters");
        Require.AtLeastOne(Iterations, "iterations");
        Require.Beta(Beta1, "beta1");
        Require.Beta(Beta2, "beta2");
        Require.NonNegative(Eps, "eps");
        Require.NonNegative(Threads, "threads");
    }
}
