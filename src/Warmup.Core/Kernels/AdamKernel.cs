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
    public static void Step(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c) =>
        _ = Dispatch<Off>(p, g, m, v, vMax, c);

    /// <summary>
    /// <see cref="Step"/>, also summing over the elements, in the same pass, what rules that read statistics need
    /// (<see cref="KernelSums"/>). The update is bit for bit that of <see cref="Step"/>.
    /// </summary>
    /// <param name="p">Parameters, updated in place.</param>
    /// <param name="g">Gradients.</param>
    /// <param name="m">First moments, updated in place.</param>
    /// <param name="v">Second moments, updated in place.</param>
    /// <param name="vMax">AMSGrad's running maximum of v, updated in place; empty when AMSGrad is off.</param>
    /// <param name="c">The step's scalars.</param>
    /// <returns>The sums over the elements.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static KernelSums StepAndReduce(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c) =>
        Dispatch<On>(p, g, m, v, vMax, c);

    private static KernelSums Dispatch<TReduce>(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c)
        where TReduce : struct, IReduceMode
    {
        int n = p.Length;
        if (g.Length != n || m.Length != n || v.Length != n || (vMax.Length != 0 && vMax.Length != n))
        {
            throw new ArgumentException($"Span lengths differ: p {n}, g {g.Length}, m {m.Length}, v {v.Length}, vMax {vMax.Length}.");
        }

        if (n == 0)
        {
            return default;
        }

        bool ams = vMax.Length != 0;
        var s = new AdamStreams(
            ref MemoryMarshal.GetReference(p),
            ref MemoryMarshal.GetReference(g),
            ref MemoryMarshal.GetReference(m),
            ref MemoryMarshal.GetReference(v),
            ref ams ? ref MemoryMarshal.GetReference(vMax) : ref MemoryMarshal.GetReference(v));
        return c.Kind switch
        {
            StepKind.Adaptive => Run<AdaptiveUpdate, TReduce>(s, n, c, ams),
            StepKind.Momentum => Run<MomentumUpdate, TReduce>(s, n, c, ams),
            StepKind.MomentsOnly => Run<MomentsOnlyUpdate, TReduce>(s, n, c, ams),
            StepKind.SecondMomentOnly => Run<SecondMomentOnlyUpdate, TReduce>(s, n, c, ams),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown step kind."),
        };
    }

    private static KernelSums Run<TUpdate, TReduce>(AdamStreams s, int n, in AdamCoefficients c, bool amsgrad)
        where TUpdate : IAdamUpdate
        where TReduce : struct, IReduceMode =>
        (amsgrad, TReduce.Enabled) switch
        {
            (true, false) => Run<TUpdate, WithMax, NoSums<VectorLane>, NoSums<ScalarLane>>(s, n, c),
            (false, false) => Run<TUpdate, NoMax, NoSums<VectorLane>, NoSums<ScalarLane>>(s, n, c),
            (true, true) => Run<TUpdate, WithMax, LaneSums<VectorLane>, LaneSums<ScalarLane>>(s, n, c),
            (false, true) => Run<TUpdate, NoMax, LaneSums<VectorLane>, LaneSums<ScalarLane>>(s, n, c),
        };

    // The one driver loop: SIMD lanes while a whole vector remains, then the same update one element at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static KernelSums Run<TUpdate, TMax, TWideSums, TNarrowSums>(AdamStreams s, int n, in AdamCoefficients c)
        where TUpdate : IAdamUpdate
        where TMax : struct, IMaxMode
        where TWideSums : struct, IStepSums<VectorLane>
        where TNarrowSums : struct, IStepSums<ScalarLane>
    {
        int i = 0;
        var wideSums = default(TWideSums);
        if (Vector.IsHardwareAccelerated && n >= VectorLane.Count)
        {
            var wide = new AdamLaneScalars<VectorLane>(c);
            for (; i <= n - VectorLane.Count; i += VectorLane.Count)
            {
                TUpdate.Apply<VectorLane, TMax, TWideSums>(s, (nuint)i, wide, ref wideSums);
            }
        }

        var narrowSums = default(TNarrowSums);
        var narrow = new AdamLaneScalars<ScalarLane>(c);
        for (; i < n; i++)
        {
            TUpdate.Apply<ScalarLane, TMax, TNarrowSums>(s, (nuint)i, narrow, ref narrowSums);
        }

        return TWideSums.Enabled ? wideSums.Total() + narrowSums.Total() : default;
    }

    private interface IReduceMode
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct On : IReduceMode
    {
        public static bool Enabled => true;
    }

    private readonly struct Off : IReduceMode
    {
        public static bool Enabled => false;
    }
}
