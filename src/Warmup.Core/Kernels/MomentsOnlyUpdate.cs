using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>Both moments updated, the parameters left alone (RAdam's skipped early steps).</summary>
internal readonly struct MomentsOnlyUpdate : IAdamUpdate
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
        _ = AdamMoments.First<TLane, TStore>(s, index, k, g);
        var v = AdamMoments.Second<TLane, TMax, TStore>(s, index, k, g);
        if (TSums.Enabled)
        {
            sums.Add(TLane.Of(0f), g / AdamMoments.Denominator(v, k), p, g, v, k);
        }
    }
}
