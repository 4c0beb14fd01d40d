namespace Warmup.Core.Updates.Rules;

/// <summary>
/// LAMB's layer-wise trust ratio (You et al. 2020, "Large Batch Optimization for Deep Learning", Algorithm 2), exact on
/// the current step: per tensor, the learning rate is multiplied by <c>||p|| / ||r + wd p||</c>, r = m_hat / (sqrt(v_hat)
/// + eps) the Adam direction of this step and wd the decoupled weight decay (0 with the L2 form, whose decay is inside
/// r); the ratio is 1 when either norm is 0. Both norms come from a read-only pass before the step
/// (<see cref="IStepRule.CurrentStatistics"/>: the sums of r^2, r p and p^2). Place it after weight decay: the rate and
/// the decoupled decay are scaled together, so the step is <c>p -= lr ratio (r + wd p)</c>. No state.
/// </summary>
public sealed record ScaleByTrustRatio : IStepRule
{
    private ScaleByTrustRatio()
    {
    }

    /// <summary>The rule.</summary>
    public static ScaleByTrustRatio Instance { get; } = new();

    /// <inheritdoc />
    TensorStatistics IStepRule.CurrentStatistics => TensorStatistics.UpdateSquared | TensorStatistics.ParameterSquared | TensorStatistics.UpdateDotParameter;

    /// <summary>LAMB's ratio <c>||p|| / ||r + wd p||</c> from a step's sums; 1 when either norm is 0.</summary>
    /// <param name="statistics">The step's sums of r^2, r p and p^2.</param>
    /// <param name="decoupledDecay">The decoupled weight decay (0 for none).</param>
    public static double Ratio(in UpdateStatistics statistics, double decoupledDecay)
    {
        double pp = statistics.SumSquaredParameter;
        double uu = statistics.SumSquaredUpdate + (2 * decoupledDecay * statistics.SumUpdateDotParameter) + (decoupledDecay * decoupledDecay * pp);
        return pp > 0 && uu > 0 ? Math.Sqrt(pp / uu) : 1.0;
    }

    /// <inheritdoc />
    public AdamCoefficients Apply(in AdamCoefficients plan, in StepContext context)
    {
        var h = context.Hyperparameters;
        return plan.ScaleLearningRate(Ratio(context.Statistics, h.DecoupledWeightDecay ? h.WeightDecay : 0.0));
    }
}
