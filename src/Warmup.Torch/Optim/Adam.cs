using TorchSharp.Modules;

namespace Warmup.Torch.Optim;

/// <summary>
/// Adam (Kingma and Ba 2014) with PyTorch's semantics, for TorchSharp:
/// <code>
/// g = grad (+ wd * p when WeightDecay &gt; 0, the L2 form)
/// m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
/// p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
/// </code>
/// with optional AMSGrad (divide by the running maximum of v) and maximize. Agrees with TorchSharp's and PyTorch's
/// Adam to float32 rounding; contiguous float32 CPU parameters are updated by one fused, multi-threaded SIMD pass.
/// The rule <c>FreezeFirstMoment</c> in <see cref="AdaptiveOptions.Rules"/> gives Liu et al.'s Adam-2k. Defaults: <see cref="Defaults"/>.
/// </summary>
/// <remarks>
/// eps is added to the bias-corrected sqrt(v) (PyTorch, optax); Ma and Yarats' Eq. 4 writes it inside the square
/// root, which only matters when v is comparable to eps^2.
/// </remarks>
public class Adam : AdaptiveOptimizer<AdamOptions>
{
    /// <summary>Creates Adam over <paramref name="parameters"/> (one group).</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public Adam(IEnumerable<Parameter> parameters, AdamOptions? options = null)
        : this([new AdaptiveParamGroup<AdamOptions>(parameters)], options, Defaults, null)
    {
    }

    /// <summary>Creates Adam over named parameters (one group); names appear in error messages.</summary>
    /// <param name="namedParameters">(name, parameter) pairs, e.g. <c>model.named_parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public Adam(IEnumerable<(string Name, Parameter Parameter)> namedParameters, AdamOptions? options = null)
        : this(Split(namedParameters), options, Defaults)
    {
    }

    /// <summary>Creates Adam over several parameter groups, each with its own options.</summary>
    /// <param name="groups">The groups; their unset options inherit <paramref name="options"/>.</param>
    /// <param name="options">Optimizer-level options; unset properties take <see cref="Defaults"/>.</param>
    public Adam(IEnumerable<AdaptiveParamGroup<AdamOptions>> groups, AdamOptions? options = null)
        : this(groups, options, Defaults, null)
    {
    }

    /// <summary>Creates the optimizer with the given class defaults (for <see cref="AdamW"/>).</summary>
    /// <param name="named">Parameters and their names.</param>
    /// <param name="options">Options.</param>
    /// <param name="defaults">Class defaults.</param>
    private protected Adam((List<Parameter> Parameters, Dictionary<IntPtr, string> Names) named, AdamOptions? options, AdamOptions defaults)
        : this([new AdaptiveParamGroup<AdamOptions>(named.Parameters)], options, defaults, named.Names)
    {
    }

    /// <summary>Creates the optimizer with the given class defaults (for <see cref="AdamW"/>).</summary>
    /// <param name="groups">Groups.</param>
    /// <param name="options">Options.</param>
    /// <param name="defaults">Class defaults.</param>
    /// <param name="names">Parameter names, or null.</param>
    private protected Adam(IEnumerable<ParamGroup> groups, AdamOptions? options, AdamOptions defaults, IReadOnlyDictionary<IntPtr, string>? names)
        : base(groups, options, defaults, names)
    {
    }

    /// <summary>
    /// Adam's defaults (PyTorch's): LearningRate 1e-3, Beta1 0.9, Beta2 0.999, Eps 1e-8 (added after bias correction),
    /// WeightDecay 0 (L2 form), AmsGrad false, Maximize false, no warmup, no rules. A new object each time.
    /// </summary>
    public static AdamOptions Defaults => AdaptiveOptions.WithDefaults(new AdamOptions());
}
