namespace Warmup.Core.Statistics;

/// <summary>The only words a comparison of a method with a reference may end in (<see cref="Verdicts"/>).</summary>
public enum Verdict
{
    /// <summary>The evidence does not decide: the difference is not significant and non-inferiority is not shown.</summary>
    Inconclusive,

    /// <summary>Better than the reference, significant after the family's correction.</summary>
    Better,

    /// <summary>Worse than the reference, significant after the family's correction.</summary>
    Worse,

    /// <summary>Not significantly different, and credibly no worse than the reference by more than the stated margin.</summary>
    NonInferior,
}
