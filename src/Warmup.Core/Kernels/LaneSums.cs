using System.Runtime.CompilerServices;
using Warmup.Core.Updates;

namespace Warmup.Core.Kernels;

/// <summary>
/// The running sums of a pass that reduces statistics, per element of the lane in float32: only those in
/// <see cref="Which"/> (a branch per lane that always goes the same way), each term from <see cref="StatisticTerms"/>.
/// </summary>
/// <typeparam name="TLane">The lane type.</typeparam>
/// <param name="which">The statistics to sum.</param>
internal struct LaneSums<TLane>(TensorStatistics which) : IStepSums<TLane>
    where TLane : struct, ILane<TLane>
{
    public readonly TensorStatistics Which = which;
    public TLane SquaredDirection;
    public TLane GradientRatio;
    public TLane ClampedGradientRatio;
    public TLane SquaredParameter;
    public TLane DirectionDotParameter;

    public static bool Enabled => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(TLane direction, TLane ratio, TLane p, TLane g, TLane v, in AdamLaneScalars<TLane> k)
    {
        if ((Which & TensorStatistics.UpdateSquared) != 0)
        {
            SquaredDirection += StatisticTerms.UpdateSquared(direction);
        }

        if ((Which & TensorStatistics.GradientRatioSquared) != 0)
        {
            GradientRatio += StatisticTerms.GradientRatioSquared(ratio);
        }

        if ((Which & TensorStatistics.ClampedGradientRatio) != 0)
        {
            ClampedGradientRatio += StatisticTerms.ClampedGradientRatio(g, v, k);
        }

        if ((Which & TensorStatistics.ParameterSquared) != 0)
        {
            SquaredParameter += StatisticTerms.ParameterSquared(p);
        }

        if ((Which & TensorStatistics.UpdateDotParameter) != 0)
        {
            DirectionDotParameter += StatisticTerms.UpdateDotParameter(direction, p);
        }
    }

    public readonly KernelSums Total() => new(
        TLane.Sum(SquaredDirection), TLane.Sum(GradientRatio), TLane.Sum(ClampedGradientRatio), TLane.Sum(SquaredParameter), TLane.Sum(DirectionDotParameter));
}
