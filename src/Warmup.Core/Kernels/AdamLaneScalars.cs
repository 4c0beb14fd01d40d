using Warmup.Core.Updates;

namespace Warmup.Core.Kernels;

/// <summary>
/// The scalars of <see cref="AdamCoefficients"/> rounded to float32 once per call, as lanes of
/// <typeparamref name="TLane"/>; the SIMD body and the scalar tail round them the same way.
/// </summary>
/// <typeparam name="TLane">The lane type.</typeparam>
internal readonly struct AdamLaneScalars<TLane>
    where TLane : struct, ILane<TLane>
{
    public readonly TLane Sign;
    public readonly TLane L2;
    public readonly TLane Beta1;
    public readonly TLane OneMinusBeta1;
    public readonly TLane Beta2;
    public readonly TLane OneMinusBeta2;
    public readonly TLane Decay;
    public readonly TLane StepSize;
    public readonly TLane SqrtBc2;
    public readonly TLane Eps;
    public readonly TLane One;
    public readonly TLane BiasCorrection2;
    public readonly TLane EpsSquared;

    public AdamLaneScalars(in AdamCoefficients c)
    {
        Sign = TLane.Of((float)c.GradientSign);
        L2 = TLane.Of((float)c.L2);
        Beta1 = TLane.Of((float)c.Beta1);
        OneMinusBeta1 = TLane.Of((float)(1.0 - c.Beta1));
        Beta2 = TLane.Of((float)c.Beta2);
        OneMinusBeta2 = TLane.Of((float)(1.0 - c.Beta2));
        Decay = TLane.Of((float)c.Decay);
        StepSize = TLane.Of((float)c.StepSize);
        SqrtBc2 = TLane.Of((float)c.SqrtBiasCorrection2);
        Eps = TLane.Of((float)c.Eps);
        One = TLane.Of(1f);
        BiasCorrection2 = TLane.Of((float)(c.SqrtBiasCorrection2 * c.SqrtBiasCorrection2));
        EpsSquared = TLane.Of((float)(c.Eps * c.Eps));
    }
}
