using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Torch.Optim;

/// <summary>Options of <see cref="Adam"/> and <see cref="AdamW"/>; see <see cref="AdaptiveOptions"/> for the shared ones.</summary>
public sealed class AdamOptions : AdaptiveOptions
{
    /// <summary>Use AMSGrad (Reddi et al. 2018): divide by the running maximum of v. Default false.</summary>
    public bool? AmsGrad { get; set; }

    /// <summary>
    /// Adam-2k (Liu et al., Section 3.1): the first this-many steps update only the second moment v (parameters and
    /// first moment stay fixed), giving the adaptive learning rate that many samples before any update. The paper
    /// uses 2,000. Default 0 (plain Adam).
    /// </summary>
    public int? SecondMomentOnlySteps { get; set; }

    internal override bool KeepsSecondMomentMaximum => AmsGrad == true;

    private protected override (double, double) OwnRulesKey => (SecondMomentOnlySteps!.Value, 0);

    private protected override void AddOwnRules(List<IStepRule> chain)
    {
        if (SecondMomentOnlySteps!.Value > 0)
        {
            chain.Add(new FreezeFirstMoment(SecondMomentOnlySteps.Value));
        }
    }

    internal override void CopyFrom(AdaptiveOptions o)
    {
        base.CopyFrom(o);
        (AmsGrad, SecondMomentOnlySteps) = (((AdamOptions)o).AmsGrad, ((AdamOptions)o).SecondMomentOnlySteps);
    }

    internal override void WriteFields(BinaryWriter writer)
    {
        base.WriteFields(writer);
        writer.Write(AmsGrad!.Value);
        writer.Write(SecondMomentOnlySteps!.Value);
    }

    internal override void ReadFields(BinaryReader reader)
    {
        base.ReadFields(reader);
        AmsGrad = reader.ReadBoolean();
        SecondMomentOnlySteps = reader.ReadInt32();
    }

    internal override void InheritFrom(AdaptiveOptions defaults)
    {
        base.InheritFrom(defaults);
        AmsGrad ??= ((AdamOptions)defaults).AmsGrad;
        SecondMomentOnlySteps ??= ((AdamOptions)defaults).SecondMomentOnlySteps;
    }

    internal override void Validate(int group)
    {
        base.Validate(group);
        Check(SecondMomentOnlySteps!.Value >= 0, nameof(SecondMomentOnlySteps), SecondMomentOnlySteps, "must be >= 0", group);
    }
}
