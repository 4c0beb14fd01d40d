using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// The per-element term of each <see cref="Updates.TensorStatistics"/> value, written once over a lane type for the
/// fused pass (the tensor-op path computes the same terms in float64).
/// </summary>
internal static class StatisticTerms
{
    /// <summary>d^2, d the applied direction before the step size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane UpdateSquared<TLane>(TLane direction)
        where TLane : struct, ILane<TLane> => direction * direction;

    /// <summary>r^2, r = g' / (sqrt(v_hat) + eps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane GradientRatioSquared<TLane>(TLane ratio)
        where TLane : struct, ILane<TLane> => ratio * ratio;

    /// <summary>g'^2 / max(v_hat, eps^2), v_hat = v* / bc2 (StableAdamW).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane ClampedGradientRatio<TLane>(TLane g, TLane v, in AdamLaneScalars<TLane> k)
        where TLane : struct, ILane<TLane> => (g * g) / TLane.Max(v / k.BiasCorrection2, k.EpsSquared);

    /// <summary>p^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane ParameterSquared<TLane>(TLane p)
        where TLane : struct, ILane<TLane> => p * p;

    /// <summary>d p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane UpdateDotParameter<TLane>(TLane direction, TLane p)
        where TLane : struct, ILane<TLane> => direction * p;
}
