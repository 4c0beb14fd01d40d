namespace Warmup.Optim;

/// <summary>Options of <see cref="Adam"/> and <see cref="AdamW"/>; see <see cref="AdaptiveOptions"/> for the shared ones.</summary>
public sealed class AdamOptions : AdaptiveOptions
{
    /// <summary>Use AMSGrad (Reddi et al. 2018): divide by the running maximum of v. Default false.</summary>
    public bool? AmsGrad { get; set; }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        base.SaveStateDict(writer);
        writer.Write(AmsGrad!.Value);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        base.LoadStateDict(reader);
        AmsGrad = reader.ReadBoolean();
    }

    /// <inheritdoc />
    public override void LoadStateDict(TorchSharp.Modules.OptimizerOptions source)
    {
        base.LoadStateDict(source);
        AmsGrad = ((AdamOptions)source).AmsGrad;
    }

    internal override void InheritFrom(AdaptiveOptions defaults)
    {
        base.InheritFrom(defaults);
        AmsGrad ??= ((AdamOptions)defaults).AmsGrad;
    }
}
