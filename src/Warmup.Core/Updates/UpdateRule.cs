using Warmup.Core.Updates.Rules;

namespace Warmup.Core.Updates;

/// <summary>
/// The per-step scalars of Adam, AdamW and RAdam as pure functions of the hyperparameters and the 1-based step t
/// (closed forms, no recursion): the optimizers' rule chains (<see cref="RuleChain"/>) without warmup, whose
/// learning rate is taken as given. The optimizers differ only in their rules; the element-wise pass is shared.
/// </summary>
public static class UpdateRule
{
    /// <summary>The rules of Adam and AdamW: the Adam scaling, the objective's sign, weight decay.</summary>
    public static IReadOnlyList<IStepRule> AdamRules { get; } = [ScaleByAdam.Instance, MaximizeObjective.Instance, AddWeightDecay.Instance];

    /// <summary>
    /// Adam (Kingma and Ba) and, with <see cref="AdaptiveHyperparameters.DecoupledWeightDecay"/>, AdamW, with
    /// PyTorch's semantics: <c>p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)</c>.
    /// With <paramref name="frozenSteps"/> &gt; 0, Adam-2k (<see cref="FreezeFirstMoment"/>).
    /// </summary>
    /// <param name="h">Hyperparameters.</param>
    /// <param name="t">1-based step of this parameter.</param>
    /// <param name="frozenSteps">Steps that only update v (2,000 in the paper; default 0, plain Adam).</param>
    public static AdamCoefficients Adam(in AdaptiveHyperparameters h, long t, long frozenSteps = 0) =>
        RuleChain.Plan(frozenSteps > 0 ? [.. AdamRules, new FreezeFirstMoment(frozenSteps)] : AdamRules, new StepContext(t, h));

    /// <summary>
    /// RAdam (Liu et al. Algorithm 2): Adam's rules then <see cref="Rectify"/>. When rho_t &gt;
    /// <paramref name="threshold"/>: the Adam step scaled by the rectification term r_t. Otherwise, by
    /// <paramref name="earlyPhase"/>, the momentum step <c>p -= lr * m / (1 - beta1^t)</c> or no parameter update.
    /// </summary>
    /// <param name="h">Hyperparameters.</param>
    /// <param name="t">1-based step of this parameter.</param>
    /// <param name="threshold">Rectify when rho_t exceeds this: 4 in the paper, 5 in PyTorch/optax/TF-Addons.</param>
    /// <param name="earlyPhase">What to do before rectification.</param>
    public static AdamCoefficients RAdam(in AdaptiveHyperparameters h, long t, double threshold, EarlyPhase earlyPhase) =>
        RuleChain.Plan([.. AdamRules, new Rectify(threshold, earlyPhase)], new StepContext(t, h));
}
