using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>RAdam's un-rectified step: p = decay * p - step size * m (v, and v_max with AMSGrad, still updated).</summary>
internal readonly struct MomentumUpdate : IAdamUpdate
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
        var m = AdamMoments.First<TLane, TStore>(s, index, k, g);
        var v = AdamMoments.Second<TLane, TMax, TStore>(s, index, k, g);
        if (TStore.Enabled)
        {
            TLane.Store((p * k.Decay) - (k.StepSize * m), ref s.P, index);
        }

        if (TSums.Enabled)
        {
            sums.Add(m, g / AdamMoments.Denominator(v, k), p, g, v, k);
        }
    }
}
