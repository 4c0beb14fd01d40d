using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>Only v updated (Liu et al.'s Adam-2k warm-up steps): m and the parameters left alone.</summary>
internal readonly struct SecondMomentOnlyUpdate : IAdamUpdate
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<TLane, TMax>(AdamStreams s, nuint index, in AdamLaneScalars<TLane> k)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
    {
        var g = AdamMoments.Gradient(s, index, k, TLane.Load(ref s.P, index));
        _ = AdamMoments.Second<TLane, TMax>(s, index, k, g);
    }
}
