using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Warmup.Core.Updates;

namespace Warmup.Core.Kernels;

/// <summary>
/// One fused pass of an Adam-family update over float32 spans: p, g, m, v (and v_max with AMSGrad) are read
/// once and p, m, v written once, with <see cref="Vector{T}"/> SIMD and a scalar tail that performs exactly the
/// same IEEE operations. No allocation.
/// </summary>
/// <remarks>
/// <c>System.Numerics.Tensors.TensorPrimitives</c> offers each operation of the update as its own pass
/// over memory; chaining them reads and writes every array several times, which is what makes TorchSharp's
/// built-in optimizers slow. The update is memory-bound, so one fused pass is the point of this kernel.
/// The formula is documented on <see cref="AdamCoefficients"/>; its scalars are rounded to float32 once per call.
/// Each kind of step is one <see cref="IAdamUpdate"/> written once over a lane type; one driver loop runs it on
/// <see cref="VectorLane"/>s and then on <see cref="ScalarLane"/>s, compiled fully optimized at first call (no tier-0
/// code in the first, timed steps).
/// </remarks>
public static class AdamKernel
{
    /// <summary>Applies one step to every element of the spans.</summary>
    /// <param name="p">Parameters, updated in place (untouched for <see cref="StepKind.MomentsOnly"/> and <see cref="StepKind.SecondMomentOnly"/>).</param>
    /// <param name="g">Gradients.</param>
    /// <param name="m">First moments, updated in place (untouched for <see cref="StepKind.SecondMomentOnly"/>).</param>
    /// <param name="v">Second moments, updated in place.</param>
    /// <param name="vMax">AMSGrad's running maximum of v, updated in place; empty when AMSGrad is off.</param>
    /// <param name="c">The step's scalars.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Step(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c)
    {
        int n = p.Length;
        if (g.Length != n || m.Length != n || v.Length != n || (vMax.Length != 0 && vMax.Length != n))
        {
            throw new ArgumentException($"Span lengths differ: p {n}, g {g.Length}, m {m.Length}, v {v.Length}, vMax {vMax.Length}.");
        }

        if (n == 0)
        {
            return;
        }

        bool ams = vMax.Length != 0;
        var s = new AdamStreams(
            ref MemoryMarshal.GetReference(p),
            ref MemoryMarshal.GetReference(g),
            ref MemoryMarshal.GetReference(m),
            ref MemoryMarshal.GetReference(v),
            ref ams ? ref MemoryMarshal.GetReference(vMax) : ref MemoryMarshal.GetReference(v));
        switch (c.Kind)
        {
            case StepKind.Adaptive:
                Run<AdaptiveUpdate>(s, n, c, ams);
                break;
            case StepKind.Momentum:
                Run<MomentumUpdate>(s, n, c, ams);
                break;
            case StepKind.MomentsOnly:
                Run<MomentsOnlyUpdate>(s, n, c, ams);
                break;
            case StepKind.SecondMomentOnly:
                Run<SecondMomentOnlyUpdate>(s, n, c, ams);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown step kind.");
        }
    }

    private static void Run<TUpdate>(AdamStreams s, int n, in AdamCoefficients c, bool amsgrad)
        where TUpdate : IAdamUpdate
    {
        if (amsgrad)
        {
            Run<TUpdate, WithMax>(s, n, c);
        }
        else
        {
            Run<TUpdate, NoMax>(s, n, c);
        }
    }

    // The one driver loop: SIMD lanes while a whole vector remains, then the same update one element at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TUpdate, TMax>(AdamStreams s, int n, in AdamCoefficients c)
        where TUpdate : IAdamUpdate
        where TMax : struct, IMaxMode
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= VectorLane.Count)
        {
            var wide = new AdamLaneScalars<VectorLane>(c);
            for (; i <= n - VectorLane.Count; i += VectorLane.Count)
            {
                TUpdate.Apply<VectorLane, TMax>(s, (nuint)i, wide);
            }
        }

        var narrow = new AdamLaneScalars<ScalarLane>(c);
        for (; i < n; i++)
        {
            TUpdate.Apply<ScalarLane, TMax>(s, (nuint)i, narrow);
        }
    }
}
