using Warmup.Core.Maths;

namespace Warmup.Core.Updates.Rules;

/// <summary>
/// RAdam's rectification (Liu et al. Algorithm 2): when rho_t exceeds <see cref="Threshold"/>, the learning rate is
/// scaled by r_t; before, the step is the un-adapted momentum step or, by <see cref="EarlyPhase"/>, no parameter update
/// (decoupled decay skipped too). Decoupled decay keeps the rate before rectification, as PyTorch's RAdam does. RAdam's
/// own rule: the optimizer <c>RAdam</c> adds it from its options.
/// </summary>
/// <param name="Threshold">Rectify when rho_t exceeds this: 4 in the paper, 5 in PyTorch, optax and TF-Addons.</param>
/// <param name="EarlyPhase">What to do before rectification.</param>
public sealed record Rectify(double Threshold, EarlyPhase EarlyPhase) : IStepRule
{
    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context)
    {
        double beta2 = context.Hyperparameters.Beta2;
        double rhoInf = Rectification.RhoInfinity(beta2);
        double rho = Rectification.Rho(context.Step, beta2);
        if (rho > Threshold && rhoInf > Rectification.PaperThreshold)
        {
            return plan with { LearningRate = plan.LearningRate * Rectification.Term(rho, rhoInf) };
        }

        return EarlyPhase == EarlyPhase.Momentum
            ? plan with { Kind = StepKind.Momentum }
            : plan with { Kind = StepKind.MomentsOnly, Decay = 1.0, LearningRate = 0.0 };
    }
}
