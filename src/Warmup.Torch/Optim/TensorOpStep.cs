using TorchSharp;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// The same update as <see cref="Core.Kernels.AdamKernel"/>, as a chain of TorchSharp tensor operations, for every
/// parameter the fused kernel cannot take (float64 or other dtypes, non-contiguous, CUDA); and the same statistics
/// (<see cref="TensorStatistics"/>), summed in float64.
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
    /// statistics asked for (<paramref name="which"/>), also sets the state's <see cref="AdaptiveState.Statistics"/>.
    /// </summary>
    public static void Apply(Tensor p, Tensor grad, AdaptiveState s, in AdamCoefficients c, TensorStatistics which = TensorStatistics.None)
    {
        using var scope = NewDisposeScope();
        var before = which.HasFlag(TensorStatistics.ParameterSquared) || which.HasFlag(TensorStatistics.UpdateDotParameter) ? p.detach().clone() : p;
        var g = SignedGradient(p, grad, c);
        if (c.Decay != 1.0) // the rules set Decay = 1 for the kinds that leave the parameter alone
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
                var denom = Denominator(v, c);
                if (which != TensorStatistics.None)
                {
                    direction = s.ExpAvg.div(denom);
                }

                p.addcdiv_(s.ExpAvg, denom, step);
                break;
            case StepKind.Momentum:
                direction = s.ExpAvg;
                p.add_(s.ExpAvg, step);
                break;
            default:
                break;
        }

        if (which != TensorStatistics.None)
        {
            s.Statistics = UpdateStatistics.Of(Sums(direction, g, v, before, c, which), p.numel(), c, s.Step);
        }
    }

    /// <summary>
    /// The statistics <paramref name="which"/> of the step <paramref name="c"/> would take at the state's next step,
    /// without taking it (the tensor-op twin of the kernel's read-only pass): nothing is changed.
    /// </summary>
    public static UpdateStatistics Preview(Tensor p, Tensor grad, AdaptiveState s, in AdamCoefficients c, TensorStatistics which)
    {
        using var scope = NewDisposeScope();
        var g = SignedGradient(p, grad, c);
        var m = s.ExpAvg;
        if (c.Kind != StepKind.SecondMomentOnly)
        {
            using var beta1 = c.Beta1.ToScalar();
            using var oneMinusBeta1 = (1.0 - c.Beta1).ToScalar();
            m = s.ExpAvg.mul(beta1).add_(g, oneMinusBeta1);
        }

        Tensor v;
        using (var beta2 = c.Beta2.ToScalar())
        using (var oneMinusBeta2 = (1.0 - c.Beta2).ToScalar())
        {
            v = s.ExpAvgSq.mul(beta2).addcmul_(g, g, oneMinusBeta2);
        }

        if (s.MaxExpAvgSq is { } max)
        {
            v = maximum(max, v);
        }

        var direction = c.Kind switch
        {
            StepKind.Adaptive => m.div(Denominator(v, c)),
            StepKind.Momentum => m,
            _ => null,
        };
        return UpdateStatistics.Of(Sums(direction, g, v, p, c, which), p.numel(), c, s.Step + 1);
    }

    // g' = sign * g + L2 * p (a temporary in the caller's dispose scope, or the gradient itself).
    private static Tensor SignedGradient(Tensor p, Tensor grad, in AdamCoefficients c)
    {
        var g = c.GradientSign < 0 ? grad.neg() : grad;
        if (c.L2 != 0)
        {
            using var l2 = c.L2.ToScalar();
            g = g.add(p, l2);
        }

        return g;
    }

    // sqrt(v*) / sqrt(bc2) + eps, a new tensor.
    private static Tensor Denominator(Tensor v, in AdamCoefficients c)
    {
        using var sqrtBc2 = c.SqrtBiasCorrection2.ToScalar();
        using var eps = c.Eps.ToScalar();
        using var one = 1.0.ToScalar();
        return v.sqrt().div_(sqrtBc2).add_(eps, one);
    }

    // The kernel's sums (Core.Kernels.KernelSums) in float64, only those asked for.
    private static Core.Kernels.KernelSums Sums(Tensor? direction, Tensor g, Tensor v, Tensor p, in AdamCoefficients c, TensorStatistics which)
    {
        using var scope = NewDisposeScope();
        var d = direction?.to(ScalarType.Float64);
        var g64 = g.to(ScalarType.Float64);
        var v64 = v.to(ScalarType.Float64);
        var p64 = p.to(ScalarType.Float64);
        double Sum(Tensor t) => t.sum().item<double>();
        double squared = 0, ratio = 0, clamped = 0, parameter = 0, dot = 0;
        if (which.HasFlag(TensorStatistics.UpdateSquared) && d is not null)
        {
            squared = Sum(d.mul(d));
        }

        if (which.HasFlag(TensorStatistics.GradientRatioSquared))
        {
            var r = g64.div(Denominator(v64, c));
            ratio = Sum(r.mul(r));
        }

        if (which.HasFlag(TensorStatistics.ClampedGradientRatio))
        {
            using var bc2 = (c.SqrtBiasCorrection2 * c.SqrtBiasCorrection2).ToScalar();
            using var epsSquared = (c.Eps * c.Eps).ToScalar();
            clamped = Sum(g64.mul(g64).div(v64.div(bc2).clamp_min(epsSquared)));
        }

        if (which.HasFlag(TensorStatistics.ParameterSquared))
        {
            parameter = Sum(p64.mul(p64));
        }

        if (which.HasFlag(TensorStatistics.UpdateDotParameter) && d is not null)
        {
            dot = Sum(d.mul(p64));
        }

        return new(squared, ratio, clamped, parameter, dot);
    }
}
