using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>Only v updated (Liu et al.'s Adam-2k warm-up steps): m and the parameters left alone.</summary>
internal readonly struct SecondMomentOnlyUpdate : IAdamUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TLane, TMax, TSums>(AdamStreams s, nuint index, in AdamLaneScalars<TLane> k, ref TSums sums)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
        where TSums : struct, IStepSums<TLane>
    {
        var g = AdamMoments.Gradient(s, index, k, TLane.Load(ref s.P, index));
        var v = AdamMoments.Second<TLane, TMax>(s, index, k, g);
        if (TSums.Enabled)
        {
            sums.Add(TLane.Of(0f), g / AdamMoments.Denominator(v, k));
        }
    }
}
