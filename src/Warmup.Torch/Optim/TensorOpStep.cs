using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Optim;

/// <summary>
/// The same update as <see cref="Core.Kernels.AdamKernel"/>, as a chain of TorchSharp tensor operations, for every
/// parameter the fused kernel cannot take (float64 or other dtypes, non-contiguous, CUDA).
/// </summary>
internal static class TensorOpStep
{
    /// <summary>Applies <paramref name="c"/> to parameter <paramref name="p"/> with gradient <paramref name="grad"/>.</summary>
    public static void Apply(Tensor p, Tensor grad, AdaptiveState s, in AdamCoefficients c)
    {
        using var scope = NewDisposeScope();
        var g = c.GradientSign < 0 ? grad.neg() : grad;
        if (c.L2 != 0)
        {
            g = g.add(p, alpha: c.L2);
        }

        if (c.Decay != 1.0) // UpdateRule sets Decay = 1 for the kinds that leave the parameter alone
        {
            p.mul_(c.Decay);
        }

        if (c.Kind != StepKind.SecondMomentOnly)
        {
            s.ExpAvg.mul_(c.Beta1).add_(g, alpha: 1.0 - c.Beta1);
        }

        s.ExpAvgSq.mul_(c.Beta2).addcmul_(g, g, value: 1.0 - c.Beta2);
        var v = s.ExpAvgSq;
        if (s.MaxExpAvgSq is { } max)
        {
            max.copy_(maximum(max, s.ExpAvgSq));
            v = max;
        }

        switch (c.Kind)
        {
            case StepKind.Adaptive:
                var denom = v.sqrt().div_(c.SqrtBiasCorrection2).add_(c.Eps);
                p.addcdiv_(s.ExpAvg, denom, value: -c.StepSize);
                break;
            case StepKind.Momentum:
                p.add_(s.ExpAvg, alpha: -c.StepSize);
                break;
            default:
                break;
        }
    }
}
