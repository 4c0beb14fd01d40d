using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>Both moments updated, the parameters left alone (RAdam's skipped early steps).</summary>
internal readonly struct MomentsOnlyUpdate : IAdamUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TLane, TMax, TSums>(AdamStreams s, nuint index, in AdamLaneScalars<TLane> k, ref TSums sums)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
        where TSums : struct, IStepSums<TLane>
    {
        var g = AdamMoments.Gradient(s, index, k, TLane.Load(ref s.P, index));
        _ = AdamMoments.First(s, index, k, g);
        var v = AdamMoments.Second<TLane, TMax>(s, index, k, g);
        if (TSums.Enabled)
        {
            sums.Add(TLane.Of(0f), g / AdamMoments.Denominator(v, k));
        }
    }
}
