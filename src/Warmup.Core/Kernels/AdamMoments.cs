using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// The parts every Adam-family step shares, in the operation order of PyTorch's single-tensor Adam (see
/// <see cref="Updates.AdamCoefficients"/>): the signed gradient with its L2 term, and the two moment updates.
/// </summary>
internal static class AdamMoments
{
    /// <summary>g' = sign * g + L2 * p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Gradient<TLane>(AdamStreams s, nuint i, in AdamLaneScalars<TLane> k, TLane p)
        where TLane : struct, ILane<TLane> =>
        (TLane.Load(ref s.G, i) * k.Sign) + (p * k.L2);

    /// <summary>m = beta1 * m + (1 - beta1) * g', stored (unless previewing) and returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane First<TLane, TStore>(AdamStreams s, nuint i, in AdamLaneScalars<TLane> k, TLane g)
        where TLane : struct, ILane<TLane>
        where TStore : struct, IStoreMode
    {
        var m = (TLane.Load(ref s.M, i) * k.Beta1) + (g * k.OneMinusBeta1);
        if (TStore.Enabled)
        {
            TLane.Store(m, ref s.M, i);
        }

        return m;
    }

    /// <summary>sqrt(v*) / sqrt(bc2) + eps: what the adaptive step divides by, and what the statistics divide g by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Denominator<TLane>(TLane v, in AdamLaneScalars<TLane> k)
        where TLane : struct, ILane<TLane> =>
        (TLane.Sqrt(v) / k.SqrtBc2) + k.Eps;

    /// <summary>
    /// v = beta2 * v + (1 - beta2) * g' * g', stored; with AMSGrad v_max = max(v_max, v), stored (neither when
    /// previewing). Returns the one the update divides by.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLane Second<TLane, TMax, TStore>(AdamStreams s, nuint i, in AdamLaneScalars<TLane> k, TLane g)
        where TLane : struct, ILane<TLane>
        where TMax : struct, IMaxMode
        where TStore : struct, IStoreMode
    {
        var v = (TLane.Load(ref s.V, i) * k.Beta2) + (g * k.OneMinusBeta2 * g);
        if (TStore.Enabled)
        {
            TLane.Store(v, ref s.V, i);
        }

        if (TMax.Enabled)
        {
            v = TLane.Max(TLane.Load(ref s.VMax, i), v);
            if (TStore.Enabled)
            {
                TLane.Store(v, ref s.VMax, i);
            }
        }

        return v;
    }
}
