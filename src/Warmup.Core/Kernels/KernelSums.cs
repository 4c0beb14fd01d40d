namespace Warmup.Core.Kernels;

/// <summary>
/// What <see cref="AdamKernel.StepAndReduce"/> sums over its elements (float32 per SIMD lane, then added in float64):
/// the squared applied direction before the step size (<c>m / (sqrt(v*) / sqrt(bc2) + eps)</c> for the adaptive kind,
/// <c>m</c> for momentum, 0 for the kinds that leave the parameter alone) and <c>(g' / (sqrt(v_hat) + eps))^2</c>,
/// about <c>g'^2 / v_hat</c> (the same denominator as the step's, so a zero gradient on a zero v adds 0 when eps &gt; 0).
/// </summary>
/// <param name="SquaredDirection">Sum of the squared direction.</param>
/// <param name="GradientRatio">Sum of (g' / (sqrt(v_hat) + eps))^2.</param>
public readonly record struct KernelSums(double SquaredDirection, double GradientRatio)
{
    /// <summary>Element-wise sum of two partial sums.</summary>
    /// <param name="a">One.</param>
    /// <param name="b">The other.</param>
    public static KernelSums operator +(KernelSums a, KernelSums b) => new(a.SquaredDirection + b.SquaredDirection, a.GradientRatio + b.GradientRatio);

    /// <summary>Element-wise sum, for languages without operators.</summary>
    /// <param name="other">The other partial sum.</param>
    public KernelSums Add(KernelSums other) => this + other;
}
