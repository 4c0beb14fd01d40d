using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// The running sums of a pass that reduces statistics, per element of the lane in float32: the squared applied
/// direction and the squared <c>g' / (sqrt(v_hat) + eps)</c>.
/// </summary>
/// <typeparam name="TLane">The lane type.</typeparam>
internal struct LaneSums<TLane> : IStepSums<TLane>
    where TLane : struct, ILane<TLane>
{
    public TLane SquaredDirection;
    public TLane GradientRatio;

    public static bool Enabled => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(TLane direction, TLane ratio)
    {
        SquaredDirection += direction * direction;
        GradientRatio += ratio * ratio;
    }

    public readonly KernelSums Total() => new(TLane.Sum(SquaredDirection), TLane.Sum(GradientRatio));
}
