using TorchSharp;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// The same update as <see cref="Core.Kernels.AdamKernel"/>, as a chain of TorchSharp tensor operations, for every
/// parameter the fused kernel cannot take (float64 or other dtypes, non-contiguous, CUDA).
/// </summary>
/// <remarks>
/// Every <see cref="Scalar"/> is created explicitly and held by <c>using</c> until the native calls that read it
/// have returned, and every temporary tensor lives in the dispose scope: TorchSharp passes raw handles to native code,
/// so a temporary whose wrapper is collected mid-call would be freed under libtorch (the analyzer WU0001-WU0003
/// rejects the implicit forms).
/// </remarks>
internal static class TensorOpStep
{
    /// <summary>
    /// Applies <paramref name="c"/> to parameter <paramref name="p"/> with gradient <paramref name="grad"/>; with
    /// <paramref name="reduce"/>, also sets the state's statistics (the kernel's sums, from tensor operations in float64).
    /// </summary>
    public static void Apply(Tensor p, Tensor grad, AdaptiveState s, in AdamCoefficients c, bool reduce = false)
    {
        using var scope = NewDisposeScope();
        var g = c.GradientSign < 0 ? grad.neg() : grad;
        if (c.L2 != 0)
        {
            using var l2 = c.L2.ToScalar();
            g = g.add(p, l2);
        }

        if (c.Decay != 1.0) // UpdateRule sets Decay = 1 for the kinds that leave the parameter alone
        {
            using var decay = c.Decay.ToScalar();
            p.mul_(decay);
        }

        if (c.Kind != StepKind.SecondMomentOnly)
        {
            using var beta1 = c.Beta1.ToScalar();
            using var oneMinusBeta1 = (1.0 - c.Beta1).ToScalar();
            s.ExpAvg.mul_(beta1).add_(g, oneMinusBeta1);
        }

        using (var beta2 = c.Beta2.ToScalar())
        using (var oneMinusBeta2 = (1.0 - c.Beta2).ToScalar())
        {
            s.ExpAvgSq.mul_(beta2).addcmul_(g, g, oneMinusBeta2);
        }

        var v = s.ExpAvgSq;
        if (s.MaxExpAvgSq is { } max)
        {
            max.copy_(maximum(max, s.ExpAvgSq));
            v = max;
        }

        using var step = (-c.StepSize).ToScalar();
        Tensor? direction = null;
        switch (c.Kind)
        {
            case StepKind.Adaptive:
                using (var sqrtBc2 = c.SqrtBiasCorrection2.ToScalar())
                using (var eps = c.Eps.ToScalar())
                using (var one = 1.0.ToScalar())
                {
                    var denom = v.sqrt().div_(sqrtBc2).add_(eps, one);
                    if (reduce)
                    {
                        direction = s.ExpAvg.div(denom);
                    }

                    p.addcdiv_(s.ExpAvg, denom, step);
                }

                break;
            case StepKind.Momentum:
                direction = s.ExpAvg;
                p.add_(s.ExpAvg, step);
                break;
            default:
                break;
        }

        if (reduce)
        {
            s.Statistics = UpdateStatistics.Of(Sums(direction, g, v, c), p.numel(), c, s.Step);
        }
    }

    // The kernel's sums (KernelSums) in float64: sum of direction^2 and of (g / (sqrt(v) / sqrt(bc2) + eps))^2.
    private static Core.Kernels.KernelSums Sums(Tensor? direction, Tensor g, Tensor v, in AdamCoefficients c)
    {
        using var scope = NewDisposeScope();
        var wide = direction?.to(ScalarType.Float64);
        double squared = wide is null ? 0.0 : wide.mul(wide).sum().item<double>();
        using var sqrtBc2 = c.SqrtBiasCorrection2.ToScalar();
        using var eps = c.Eps.ToScalar();
        using var one = 1.0.ToScalar();
        var ratio = g.to(ScalarType.Float64).div(v.to(ScalarType.Float64).sqrt().div_(sqrtBc2).add_(eps, one));
        return new(squared, ratio.mul(ratio).sum().item<double>());
    }
}
