using TorchSharp.Modules;

namespace Warmup.Torch.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter 2019): <see cref="Adam"/> with decoupled weight decay, <c>p *= 1 - lr * wd</c>
/// before the Adam step, as in PyTorch. Defaults: <see cref="Defaults"/>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW over <paramref name="parameters"/> (one group).</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public AdamW(IEnumerable<Parameter> parameters, AdamOptions? options = null)
        : base([new AdaptiveParamGroup<AdamOptions>(parameters)], options, Defaults, null)
    {
    }

    /// <summary>Creates AdamW over named parameters (one group); names appear in error messages.</summary>
    /// <param name="namedParameters">(name, parameter) pairs, e.g. <c>model.named_parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public AdamW(IEnumerable<(string Name, Parameter Parameter)> namedParameters, AdamOptions? options = null)
        : base(Split(namedParameters), options, Defaults)
    {
    }

    /// <summary>Creates AdamW over several parameter groups, each with its own options.</summary>
    /// <param name="groups">The groups; their unset options inherit <paramref name="options"/>.</param>
    /// <param name="options">Optimizer-level options; unset properties take <see cref="Defaults"/>.</param>
    public AdamW(IEnumerable<AdaptiveParamGroup<AdamOptions>> groups, AdamOptions? options = null)
        : base(groups, options, Defaults, null)
    {
    }

    /// <summary>
    /// AdamW's defaults (PyTorch's): as <see cref="Adam.Defaults"/> but WeightDecay 0.01, decoupled. (TorchSharp
    /// 0.107's built-in AdamW defaults to weight decay 0.)
    /// </summary>
    public static new AdamOptions Defaults
    {
        get
        {
            var d = Adam.Defaults;
            d.WeightDecay = 0.01;
            d.DecoupledWeightDecay = true;
            return d;
        }
    }
}
