using Warmup.Core.Maths;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Torch.Optim;

/// <summary>Options of <see cref="RAdam"/>; see <see cref="AdaptiveOptions"/> for the shared ones.</summary>
public sealed class RAdamOptions : AdaptiveOptions
{
    private static readonly OptionField[] AllFields =
    [
        .. SharedFields,
        new OptionField<RAdamOptions, double>(nameof(Threshold), o => o.Threshold, (o, v) => o.Threshold = v, Rectification.PaperThreshold, t => t >= Rectification.PaperThreshold && !double.IsInfinity(t), "must be finite and >= 4 (the rectification term is undefined for rho_t <= 4)"),
        new OptionField<RAdamOptions, EarlyPhase>(nameof(EarlyPhase), o => o.EarlyPhase, (o, v) => o.EarlyPhase = v, Core.Updates.EarlyPhase.Momentum, Enum.IsDefined, "must be Momentum or Skip"),
        new OptionField<RAdamOptions, bool>(nameof(AllowNeverRectified), o => o.AllowNeverRectified, (o, v) => o.AllowNeverRectified = v, false, _ => true, string.Empty),
        new OptionField<RAdamOptions, bool>(nameof(AllowWarmup), o => o.AllowWarmup, (o, v) => o.AllowWarmup = v, false, _ => true, string.Empty),
    ];

    /// <summary>
    /// Rectify (take the adaptive step scaled by r_t) when rho_t exceeds this. Default 4, the paper's
    /// (Liu et al. Algorithm 2): for beta2 &gt;= 0.8 that is exactly steps 1-4 un-adapted (Ma and Yarats, Fact 3.1).
    /// 5 reproduces PyTorch, optax and TF-Addons (rectification from step 6 for beta2 = 0.999; they compare with
    /// <c>&gt;=</c> or <c>&gt;</c>, which never differs for practical beta2). Must be &gt;= 4, where r_t is defined.
    /// </summary>
    public double? Threshold { get; set; }

    /// <summary>What to do before rectification. Default <see cref="Core.Updates.EarlyPhase.Momentum"/> (the paper).</summary>
    public EarlyPhase? EarlyPhase { get; set; }

    /// <summary>
    /// Accept a beta2 whose rho_inf does not exceed <see cref="Threshold"/> (beta2 &lt;= 0.6 for threshold 4), so
    /// rectification never starts and RAdam is momentum SGD throughout (Liu et al. Section 4.2). Default false:
    /// such a group is rejected, since it is almost always a mistake.
    /// </summary>
    public bool? AllowNeverRectified { get; set; }

    /// <summary>
    /// Accept a <see cref="AdaptiveOptions.Warmup"/> on RAdam. RAdam's rectification already is a warmup (Ma and Yarats,
    /// Fact 3.1: four momentum steps, then Adam with the fixed warmup r_t), so a second one multiplies the two, which is
    /// almost always a mistake (an untuned warmup meant for Adam). Default false: such a group is refused.
    /// </summary>
    public bool? AllowWarmup { get; set; }

    internal override IReadOnlyList<OptionField> Fields => AllFields;

    private protected override object? OwnRulesKey => (Threshold, EarlyPhase);

    private protected override void AddOwnRules(List<IStepRule> chain) => chain.Add(new Rectify(Threshold!.Value, EarlyPhase!.Value));

    internal override void Validate(int group)
    {
        base.Validate(group);
        double threshold = Threshold!.Value;
        double beta2 = Beta2!.Value;
        if (!AllowNeverRectified!.Value && !Rectification.CanReach(threshold, beta2))
        {
            throw OptionError(
                nameof(Beta2),
                $"RAdam never rectifies with Beta2 = {beta2} and Threshold = {threshold} ({Where(group)}): rho_inf = 2/(1-beta2) - 1 = " +
                $"{Rectification.RhoInfinity(beta2):G6} <= {threshold}, so every step would be {(EarlyPhase == Core.Updates.EarlyPhase.Momentum ? "momentum SGD" : "skipped")}. " +
                $"Use a larger Beta2 (> {1 - (2 / (threshold + 1)):G6}) or set {nameof(AllowNeverRectified)} = true.");
        }

        if (Warmup is { } warmup && !AllowWarmup!.Value)
        {
            throw OptionError(
                nameof(Warmup),
                $"RAdam with Warmup = {warmup} ({Where(group)}): RAdam's rectification is already a warmup (four momentum steps, then Adam with the warmup r_t; " +
                $"Ma and Yarats, Fact 3.1), and this would multiply a second one into it. Use Adam or AdamW with this warmup, or RAdam without it; " +
                $"to stack both on purpose, set {nameof(AllowWarmup)} = true.");
        }
    }
}
