using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>Only v updated (Liu et al.'s Adam-2k warm-up steps): m and the parameters left alone.</summary>
internal readonly struct SecondMomentOnlyUpdate : IAdamUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TLane, TMax, TStore, TSums>(AdamStreams s, nuint index, in AdamLaneScalars<TLane> k, ref TSums sums)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
        where TStore : struct, IStoreMode
        where TSums : struct, IStepSums<TLane>
    {
        var p = TLane.Load(ref s.P, index);
        var g = AdamMoments.Gradient(s, index, k, p);
        var v = AdamMoments.Second<TLane, TMax, TStore>(s, index, k, g);
        if (TSums.Enabled)
        {
            sums.Add(TLane.Of(0f), g / AdamMoments.Denominator(v, k), p, g, v, k);
        }
    }
}
