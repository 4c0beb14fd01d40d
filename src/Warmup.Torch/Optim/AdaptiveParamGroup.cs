using TorchSharp.Modules;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Optim;

/// <summary>
/// A parameter group of <see cref="Adam"/>, <see cref="AdamW"/> or <see cref="RAdam"/> with its own options
/// (null options inherit the optimizer's). Implements <see cref="IBetas"/> so that TorchSharp's OneCycleLR and
/// CyclicLR can cycle beta1 per group.
/// </summary>
/// <typeparam name="TOptions">The optimizer's options type.</typeparam>
public class AdaptiveParamGroup<TOptions> : ParamGroup<TOptions>, IBetas
    where TOptions : AdaptiveOptions, new()
{
    /// <summary>Creates a group.</summary>
    /// <param name="parameters">The group's parameters.</param>
    /// <param name="options">The group's options; null or unset properties inherit the optimizer's.</param>
    public AdaptiveParamGroup(IEnumerable<Parameter> parameters, TOptions? options = null)
        : base(parameters, options ?? new TOptions())
    {
    }

    /// <inheritdoc />
    public (double, double) Betas
    {
        get => Options.Betas;
        set => Options.Betas = value;
    }
}
