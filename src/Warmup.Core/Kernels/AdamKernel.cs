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
/// The loops are compiled fully optimized at first call (no tier-0 code in the first, timed steps).
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

        ref float pr = ref MemoryMarshal.GetReference(p);
        ref float gr = ref MemoryMarshal.GetReference(g);
        ref float mr = ref MemoryMarshal.GetReference(m);
        ref float vr = ref MemoryMarshal.GetReference(v);
        bool ams = vMax.Length != 0;
        ref float xr = ref ams ? ref MemoryMarshal.GetReference(vMax) : ref vr;
        var k = new Scalars(c);

        switch (c.Kind)
        {
            case StepKind.Adaptive when ams:
                Adaptive<WithMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.Adaptive:
                Adaptive<NoMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.Momentum when ams:
                Momentum<WithMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.Momentum:
                Momentum<NoMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.MomentsOnly when ams:
                MomentsOnly<WithMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.MomentsOnly:
                MomentsOnly<NoMax>(ref pr, ref gr, ref mr, ref vr, ref xr, n, k);
                break;
            case StepKind.SecondMomentOnly when ams:
                SecondMomentOnly<WithMax>(ref pr, ref gr, ref vr, ref xr, n, k);
                break;
            case StepKind.SecondMomentOnly:
                SecondMomentOnly<NoMax>(ref pr, ref gr, ref vr, ref xr, n, k);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "Unknown step kind.");
        }
    }

    // The AMSGrad switch is a type parameter so the JIT compiles a branch-free loop for each case.
    private interface IMaxMode
    {
        static abstract bool Enabled { get; }
    }

    private readonly struct WithMax : IMaxMode
    {
        public static bool Enabled => true;
    }

    private readonly struct NoMax : IMaxMode
    {
        public static bool Enabled => false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Adaptive<TMax>(ref float p, ref float g, ref float m, ref float v, ref float x, int n, in Scalars c)
        where TMax : struct, IMaxMode
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var k = new Vectors(c);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint u = (nuint)i;
                var pv = Vector.LoadUnsafe(ref p, u);
                var gv = (Vector.LoadUnsafe(ref g, u) * k.Sign) + (pv * k.L2);
                var mv = (Vector.LoadUnsafe(ref m, u) * k.Beta1) + (gv * k.OneMinusBeta1);
                var vv = (Vector.LoadUnsafe(ref v, u) * k.Beta2) + (gv * k.OneMinusBeta2 * gv);
                mv.StoreUnsafe(ref m, u);
                vv.StoreUnsafe(ref v, u);
                if (TMax.Enabled)
                {
                    vv = Vector.Max(Vector.LoadUnsafe(ref x, u), vv);
                    vv.StoreUnsafe(ref x, u);
                }

                var denom = (Vector.SquareRoot(vv) / k.SqrtBc2) + k.Eps;
                ((pv * k.Decay) - ((k.StepSize * mv) / denom)).StoreUnsafe(ref p, u);
            }
        }

        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float gv = (Unsafe.Add(ref g, i) * c.Sign) + (pv * c.L2);
            float mv = (Unsafe.Add(ref m, i) * c.Beta1) + (gv * c.OneMinusBeta1);
            float vv = (Unsafe.Add(ref v, i) * c.Beta2) + (gv * c.OneMinusBeta2 * gv);
            Unsafe.Add(ref m, i) = mv;
            Unsafe.Add(ref v, i) = vv;
            if (TMax.Enabled)
            {
                vv = Max(Unsafe.Add(ref x, i), vv);
                Unsafe.Add(ref x, i) = vv;
            }

            float denom = (MathF.Sqrt(vv) / c.SqrtBc2) + c.Eps;
            Unsafe.Add(ref p, i) = (pv * c.Decay) - ((c.StepSize * mv) / denom);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Momentum<TMax>(ref float p, ref float g, ref float m, ref float v, ref float x, int n, in Scalars c)
        where TMax : struct, IMaxMode
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var k = new Vectors(c);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint u = (nuint)i;
                var pv = Vector.LoadUnsafe(ref p, u);
                var gv = (Vector.LoadUnsafe(ref g, u) * k.Sign) + (pv * k.L2);
                var mv = (Vector.LoadUnsafe(ref m, u) * k.Beta1) + (gv * k.OneMinusBeta1);
                var vv = (Vector.LoadUnsafe(ref v, u) * k.Beta2) + (gv * k.OneMinusBeta2 * gv);
                mv.StoreUnsafe(ref m, u);
                vv.StoreUnsafe(ref v, u);
                if (TMax.Enabled)
                {
                    Vector.Max(Vector.LoadUnsafe(ref x, u), vv).StoreUnsafe(ref x, u);
                }

                ((pv * k.Decay) - (k.StepSize * mv)).StoreUnsafe(ref p, u);
            }
        }

        for (; i < n; i++)
        {
            float pv = Unsafe.Add(ref p, i);
            float gv = (Unsafe.Add(ref g, i) * c.Sign) + (pv * c.L2);
            float mv = (Unsafe.Add(ref m, i) * c.Beta1) + (gv * c.OneMinusBeta1);
            float vv = (Unsafe.Add(ref v, i) * c.Beta2) + (gv * c.OneMinusBeta2 * gv);
            Unsafe.Add(ref m, i) = mv;
            Unsafe.Add(ref v, i) = vv;
            if (TMax.Enabled)
            {
                Unsafe.Add(ref x, i) = Max(Unsafe.Add(ref x, i), vv);
            }

            Unsafe.Add(ref p, i) = (pv * c.Decay) - (c.StepSize * mv);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MomentsOnly<TMax>(ref float p, ref float g, ref float m, ref float v, ref float x, int n, in Scalars c)
        where TMax : struct, IMaxMode
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var k = new Vectors(c);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint u = (nuint)i;
                var gv = (Vector.LoadUnsafe(ref g, u) * k.Sign) + (Vector.LoadUnsafe(ref p, u) * k.L2);
                ((Vector.LoadUnsafe(ref m, u) * k.Beta1) + (gv * k.OneMinusBeta1)).StoreUnsafe(ref m, u);
                var vv = (Vector.LoadUnsafe(ref v, u) * k.Beta2) + (gv * k.OneMinusBeta2 * gv);
                vv.StoreUnsafe(ref v, u);
                if (TMax.Enabled)
                {
                    Vector.Max(Vector.LoadUnsafe(ref x, u), vv).StoreUnsafe(ref x, u);
                }
            }
        }

        for (; i < n; i++)
        {
            float gv = (Unsafe.Add(ref g, i) * c.Sign) + (Unsafe.Add(ref p, i) * c.L2);
            Unsafe.Add(ref m, i) = (Unsafe.Add(ref m, i) * c.Beta1) + (gv * c.OneMinusBeta1);
            float vv = (Unsafe.Add(ref v, i) * c.Beta2) + (gv * c.OneMinusBeta2 * gv);
            Unsafe.Add(ref v, i) = vv;
            if (TMax.Enabled)
            {
                Unsafe.Add(ref x, i) = Max(Unsafe.Add(ref x, i), vv);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SecondMomentOnly<TMax>(ref float p, ref float g, ref float v, ref float x, int n, in Scalars c)
        where TMax : struct, IMaxMode
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var k = new Vectors(c);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                nuint u = (nuint)i;
                var gv = (Vector.LoadUnsafe(ref g, u) * k.Sign) + (Vector.LoadUnsafe(ref p, u) * k.L2);
                var vv = (Vector.LoadUnsafe(ref v, u) * k.Beta2) + (gv * k.OneMinusBeta2 * gv);
                vv.StoreUnsafe(ref v, u);
                if (TMax.Enabled)
                {
                    Vector.Max(Vector.LoadUnsafe(ref x, u), vv).StoreUnsafe(ref x, u);
                }
            }
        }

        for (; i < n; i++)
        {
            float gv = (Unsafe.Add(ref g, i) * c.Sign) + (Unsafe.Add(ref p, i) * c.L2);
            float vv = (Unsafe.Add(ref v, i) * c.Beta2) + (gv * c.OneMinusBeta2 * gv);
            Unsafe.Add(ref v, i) = vv;
            if (TMax.Enabled)
            {
                Unsafe.Add(ref x, i) = Max(Unsafe.Add(ref x, i), vv);
            }
        }
    }

    // Vector.Max and MathF.Max both implement IEEE 754:2019 maximum (NaN-propagating, +0 > -0), like torch.maximum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Max(float a, float b) => MathF.Max(a, b);

    // The float32 scalars used by both the vector body and the scalar tail.
    private readonly struct Scalars
    {
        public readonly float Sign;
        public readonly float L2;
        public readonly float Beta1;
        public readonly float OneMinusBeta1;
        public readonly float Beta2;
        public readonly float OneMinusBeta2;
        public readonly float Decay;
        public readonly float StepSize;
        public readonly float SqrtBc2;
        public readonly float Eps;

        public Scalars(in AdamCoefficients c)
        {
            Sign = (float)c.GradientSign;
            L2 = (float)c.L2;
            Beta1 = (float)c.Beta1;
            OneMinusBeta1 = (float)(1.0 - c.Beta1);
            Beta2 = (float)c.Beta2;
            OneMinusBeta2 = (float)(1.0 - c.Beta2);
            Decay = (float)c.Decay;
            StepSize = (float)c.StepSize;
            SqrtBc2 = (float)c.SqrtBiasCorrection2;
            Eps = (float)c.Eps;
        }
    }

    private readonly struct Vectors
    {
        public readonly Vector<float> Sign;
        public readonly Vector<float> L2;
        public readonly Vector<float> Beta1;
        public readonly Vector<float> OneMinusBeta1;
        public readonly Vector<float> Beta2;
        public readonly Vector<float> OneMinusBeta2;
        public readonly Vector<float> Decay;
        public readonly Vector<float> StepSize;
        public readonly Vector<float> SqrtBc2;
        public readonly Vector<float> Eps;

        public Vectors(in Scalars c)
        {
            Sign = new Vector<float>(c.Sign);
            L2 = new Vector<float>(c.L2);
            Beta1 = new Vector<float>(c.Beta1);
            OneMinusBeta1 = new Vector<float>(c.OneMinusBeta1);
            Beta2 = new Vector<float>(c.Beta2);
            OneMinusBeta2 = new Vector<float>(c.OneMinusBeta2);
            Decay = new Vector<float>(c.Decay);
            StepSize = new Vector<float>(c.StepSize);
            SqrtBc2 = new Vector<float>(c.SqrtBc2);
            Eps = new Vector<float>(c.Eps);
        }
    }
}
