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
/// code in the first, timed steps). The same code, storing nothing, is the read-only <see cref="Preview"/> pass that
/// reduces a step's statistics before the step is planned.
/// </remarks>
internal static class AdamKernel
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
        _ = Dispatch<Store>(p, g, m, v, vMax, c, TensorStatistics.None);

    /// <summary>
    /// <see cref="Step"/>, also summing over the elements, in the same pass, the statistics <paramref name="which"/>
    /// (<see cref="KernelSums"/>). The update is bit for bit that of <see cref="Step"/>.
    /// </summary>
    public static KernelSums StepAndReduce(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c, TensorStatistics which) =>
        Dispatch<Store>(p, g, m, v, vMax, c, which);

    /// <summary>
    /// The statistics <paramref name="which"/> of the step <paramref name="c"/> would take, without taking it: the same
    /// code as <see cref="StepAndReduce"/>, reading p, g, m, v and writing nothing.
    /// </summary>
    public static KernelSums Preview(ReadOnlySpan<float> p, ReadOnlySpan<float> g, ReadOnlySpan<float> m, ReadOnlySpan<float> v, ReadOnlySpan<float> vMax, in AdamCoefficients c, TensorStatistics which) =>
        Dispatch<Preview>(
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(p), p.Length),
            g,
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(m), m.Length),
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(v), v.Length),
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(vMax), vMax.Length),
            c,
            which);

    private static KernelSums Dispatch<TStore>(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, Span<float> vMax, in AdamCoefficients c, TensorStatistics which)
        where TStore : struct, IStoreMode
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
            StepKind.Adaptive => Run<AdaptiveUpdate, TStore>(s, n, c, ams, which),
            StepKind.Momentum => Run<MomentumUpdate, TStore>(s, n, c, ams, which),
            StepKind.MomentsOnly => Run<MomentsOnlyUpdate, TStore>(s, n, c, ams, which),
            StepKind.SecondMomentOnly => Run<SecondMomentOnlyUpdate, TStore>(s, n, c, ams, which),
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown step kind."),
        };
    }

    private static KernelSums Run<TUpdate, TStore>(AdamStreams s, int n, in AdamCoefficients c, bool amsgrad, TensorStatistics which)
        where TUpdate : IAdamUpdate
        where TStore : struct, IStoreMode =>
        (amsgrad, which != TensorStatistics.None) switch
        {
            (true, false) => Run<TUpdate, WithMax, TStore, NoSums<VectorLane>, NoSums<ScalarLane>>(s, n, c, default, default),
            (false, false) => Run<TUpdate, NoMax, TStore, NoSums<VectorLane>, NoSums<ScalarLane>>(s, n, c, default, default),
            (true, true) => Run<TUpdate, WithMax, TStore, LaneSums<VectorLane>, LaneSums<ScalarLane>>(s, n, c, new(which), new(which)),
            (false, true) => Run<TUpdate, NoMax, TStore, LaneSums<VectorLane>, LaneSums<ScalarLane>>(s, n, c, new(which), new(which)),
        };

    // The one driver loop: SIMD lanes while a whole vector remains, then the same update one element at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static KernelSums Run<TUpdate, TMax, TStore, TWideSums, TNarrowSums>(AdamStreams s, int n, in AdamCoefficients c, TWideSums wideSums, TNarrowSums narrowSums)
        where TUpdate : IAdamUpdate
        where TMax : struct, IMaxMode
        where TStore : struct, IStoreMode
        where TWideSums : struct, IStepSums<VectorLane>
        where TNarrowSums : struct, IStepSums<ScalarLane>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= VectorLane.Count)
        {
            var wide = new AdamLaneScalars<VectorLane>(c);
            for (; i <= n - VectorLane.Count; i += VectorLane.Count)
            {
                TUpdate.Apply<VectorLane, TMax, TStore, TWideSums>(s, (nuint)i, wide, ref wideSums);
            }
        }

        var narrow = new AdamLaneScalars<ScalarLane>(c);
        for (; i < n; i++)
        {
            TUpdate.Apply<ScalarLane, TMax, TStore, TNarrowSums>(s, (nuint)i, narrow, ref narrowSums);
        }

        return TWideSums.Enabled ? wideSums.Total() + narrowSums.Total() : default;
    }
}
