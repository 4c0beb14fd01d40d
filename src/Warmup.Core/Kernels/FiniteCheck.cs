using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// Whether a float32 span holds only finite values, in one read-only SIMD pass (no allocation). Used to skip an
/// optimizer step whose gradients hold NaN or infinity before anything is written.
/// </summary>
/// <remarks>
/// For every float x, <c>x - x</c> is +0 when x is finite and NaN when x is NaN or infinite, so the sum of
/// <c>x - x</c> over the span is NaN exactly when some element is not finite. Four independent accumulators keep
/// the pass at the memory's speed rather than the adder's latency.
/// </remarks>
internal static class FiniteCheck
{
    /// <summary>True when every element of <paramref name="values"/> is finite (true for an empty span).</summary>
    /// <param name="values">The values.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool All(ReadOnlySpan<float> values)
    {
        int n = values.Length;
        ref float x = ref MemoryMarshal.GetReference(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            int w = Vector<float>.Count;
            var a0 = Vector<float>.Zero;
            var a1 = Vector<float>.Zero;
            var a2 = Vector<float>.Zero;
            var a3 = Vector<float>.Zero;
            for (; i <= n - (4 * w); i += 4 * w)
            {
                nuint u = (nuint)i;
                var x0 = Vector.LoadUnsafe(ref x, u);
                var x1 = Vector.LoadUnsafe(ref x, u + (nuint)w);
                var x2 = Vector.LoadUnsafe(ref x, u + (nuint)(2 * w));
                var x3 = Vector.LoadUnsafe(ref x, u + (nuint)(3 * w));
                a0 += x0 - x0;
                a1 += x1 - x1;
                a2 += x2 - x2;
                a3 += x3 - x3;
            }

            for (; i <= n - w; i += w)
            {
                var xi = Vector.LoadUnsafe(ref x, (nuint)i);
                a0 += xi - xi;
            }

            var sum = (a0 + a1) + (a2 + a3);
            if (!Vector.EqualsAll(sum, sum))
            {
                return false;
            }
        }

        for (; i < n; i++)
        {
            if (!float.IsFinite(Unsafe.Add(ref x, i)))
            {
                return false;
            }
        }

        return true;
    }
}
