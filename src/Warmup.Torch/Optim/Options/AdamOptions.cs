namespace Warmup.Torch.Optim;

/// <summary>Options of <see cref="Adam"/> and <see cref="AdamW"/>; see <see cref="AdaptiveOptions"/> for the shared ones.</summary>
/// <remarks>Liu et al.'s Adam-2k is Adam with the rule <c>new FreezeFirstMoment(2000)</c> in <see cref="AdaptiveOptions.Rules"/>.</remarks>
public sealed class AdamOptions : AdaptiveOptions
{
    private static readonly OptionField[] AllFields =
    [
        .. SharedFields,
        new OptionField<AdamOptions, bool>(nameof(AmsGrad), o => o.AmsGrad, (o, v) => o.AmsGrad = v, false, _ => true, string.Empty),
    ];

    /// <summary>Use AMSGrad (Reddi et al. 2018): divide by the running maximum of v. Default false.</summary>
    public bool? AmsGrad { get; set; }

    internal override IReadOnlyList<OptionField> Fields => AllFields;

    internal override bool KeepsSecondMomentMaximum => AmsGrad == true;
}
