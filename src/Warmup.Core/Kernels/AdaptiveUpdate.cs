using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>The adaptive step: p = decay * p - (step size * m) / (sqrt(v*) / sqrt(bc2) + eps).</summary>
internal readonly struct AdaptiveUpdate : IAdamUpdate
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
        var denominator = AdamMoments.Denominator(v, k);
        if (TStore.Enabled)
        {
            TLane.Store((p * k.Decay) - ((k.StepSize * m) / denominator), ref s.P, index);
        }

        if (TSums.Enabled)
        {
            var inverse = k.One / denominator;
            sums.Add(m * inverse, g * inverse, p, g, v, k);
        }
    }
}
