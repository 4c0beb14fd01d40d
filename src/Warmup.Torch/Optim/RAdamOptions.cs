using Warmup.Core.Maths;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Torch.Optim;

/// <summary>Options of <see cref="RAdam"/>; see <see cref="AdaptiveOptions"/> for the shared ones.</summary>
public sealed class RAdamOptions : AdaptiveOptions
{
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

    private protected override (double, double) OwnRulesKey => (Threshold!.Value, (int)EarlyPhase!.Value);

    private protected override void AddOwnRules(List<IStepRule> chain) => chain.Add(new Rectify(Threshold!.Value, EarlyPhase!.Value));

    internal override void CopyFrom(AdaptiveOptions o)
    {
        base.CopyFrom(o);
        var r = (RAdamOptions)o;
        (Threshold, EarlyPhase, AllowNeverRectified) = (r.Threshold, r.EarlyPhase, r.AllowNeverRectified);
    }

    internal override void WriteFields(BinaryWriter writer)
    {
        base.WriteFields(writer);
        writer.Write(Threshold!.Value);
        writer.Write((int)EarlyPhase!.Value);
        writer.Write(AllowNeverRectified!.Value);
    }

    internal override void ReadFields(BinaryReader reader)
    {
        base.ReadFields(reader);
        Threshold = reader.ReadDouble();
        EarlyPhase = (EarlyPhase)reader.ReadInt32();
        AllowNeverRectified = reader.ReadBoolean();
    }

    internal override void InheritFrom(AdaptiveOptions defaults)
    {
        base.InheritFrom(defaults);
        var d = (RAdamOptions)defaults;
        Threshold ??= d.Threshold;
        EarlyPhase ??= d.EarlyPhase;
        AllowNeverRectified ??= d.AllowNeverRectified;
    }

    internal override void Validate(int group)
    {
        base.Validate(group);
        double threshold = Threshold!.Value;
        Check(threshold >= Rectification.PaperThreshold && !double.IsInfinity(threshold), nameof(Threshold), threshold,
            "must be finite and >= 4 (the rectification term is undefined for rho_t <= 4)", group);
        Check(Enum.IsDefined(EarlyPhase!.Value), nameof(EarlyPhase), EarlyPhase, "must be Momentum or Skip", group);
        double beta2 = Beta2!.Value;
        if (!AllowNeverRectified!.Value && !Rectification.CanReach(threshold, beta2))
        {
            throw OptionError(
                nameof(Beta2),
                $"RAdam never rectifies with Beta2 = {beta2} and Threshold = {threshold} ({Where(group)}): rho_inf = 2/(1-beta2) - 1 = " +
                $"{Rectification.RhoInfinity(beta2):G6} <= {threshold}, so every step would be {(EarlyPhase == Core.Updates.EarlyPhase.Momentum ? "momentum SGD" : "skipped")}. " +
                $"Use a larger Beta2 (> {1 - (2 / (threshold + 1)):G6}) or set {nameof(AllowNeverRectified)} = true.");
        }
    }
}
