namespace Warmup.Core.Kernels;

/// <summary>
/// What a reducing pass sums over its elements (float32 per SIMD lane, then added in float64), one field per
/// <see cref="Updates.TensorStatistics"/> value, before the first moment's bias correction (applied by
/// <see cref="Updates.UpdateStatistics"/>): <c>SquaredDirection</c> sums <c>d^2</c> with d the applied direction
/// before the step size (<c>m / (sqrt(v*) / sqrt(bc2) + eps)</c> for the adaptive kind, <c>m</c> for momentum, 0 for the
/// kinds that leave the parameter alone).
/// </summary>
internal readonly record struct KernelSums(double SquaredDirection, double GradientRatio, double ClampedGradientRatio = 0, double SquaredParameter = 0, double DirectionDotParameter = 0)
{
    public static KernelSums operator +(KernelSums a, KernelSums b) => new(
        a.SquaredDirection + b.SquaredDirection,
        a.GradientRatio + b.GradientRatio,
        a.ClampedGradientRatio + b.ClampedGradientRatio,
        a.SquaredParameter + b.SquaredParameter,
        a.DirectionDotParameter + b.DirectionDotParameter);
}
