using TorchSharp.Modules;

namespace Warmup.Torch.Optim;

/// <summary>
/// Rectified Adam, exactly Algorithm 2 of Liu et al. (ICLR 2020), for TorchSharp:
/// <code>
/// m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2;   m_hat = m / (1 - beta1^t)
/// rho_inf = 2 / (1 - beta2) - 1;   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
/// if rho_t &gt; Threshold:  p -= lr * r_t * m_hat / (sqrt(v / (1 - beta2^t)) + eps)
/// else (EarlyPhase):     p -= lr * m_hat  (Momentum, the paper)   or   no update (Skip)
/// r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
/// </code>
/// Defaults: <see cref="Defaults"/>. With Threshold 4 (the paper) and beta2 &gt;= 0.8, steps 1-4 are momentum
/// steps and rectification starts at step 5 (Ma and Yarats, Fact 3.1): RAdam is then Adam with the fixed warmup
/// factor r_t.
/// </summary>
/// <remarks>
/// Deliberate differences from other implementations:
/// <list type="bullet">
/// <item><description>Threshold 4 by default (the paper); PyTorch, optax, TF-Addons and the authors' code use 5
/// (rectification from step 6 for beta2 = 0.999). Set <see cref="RAdamOptions.Threshold"/> = 5 to match them.</description></item>
/// <item><description>eps is added to the bias-corrected sqrt(v) (optax, TF-Addons). PyTorch and the authors' code add
/// it to sqrt(v) before bias correction, i.e. an effective eps / sqrt(1 - beta2^t).</description></item>
/// <item><description>Weight decay is L2 by default, decoupled (<c>p *= 1 - lr * wd</c>) with
/// <see cref="AdaptiveOptions.DecoupledWeightDecay"/>, as PyTorch's <c>decoupled_weight_decay</c>. In the Skip
/// early phase nothing touches the parameter, as in the authors' code.</description></item>
/// <item><description>TorchSharp 0.107's built-in RAdam multiplies the rectified step by lr twice; this one does not.</description></item>
/// <item><description>State is per parameter: no step-indexed cache shared between groups, so per-group lr and betas
/// are honoured (the bugs of the authors' first release, their issue #24 and PR #36).</description></item>
/// </list>
/// beta2 &lt;= 0.6 (rho_inf &lt;= 4) never rectifies; it is rejected unless
/// <see cref="RAdamOptions.AllowNeverRectified"/> is set, and then runs momentum SGD throughout without NaN.
/// </remarks>
public sealed class RAdam : AdaptiveOptimizer<RAdamOptions>
{
    /// <summary>Creates RAdam over <paramref name="parameters"/> (one group).</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public RAdam(IEnumerable<Parameter> parameters, RAdamOptions? options = null)
        : base([new AdaptiveParamGroup<RAdamOptions>(parameters)], options, Defaults)
    {
    }

    /// <summary>Creates RAdam over named parameters (one group); names appear in error messages.</summary>
    /// <param name="namedParameters">(name, parameter) pairs, e.g. <c>model.named_parameters()</c>.</param>
    /// <param name="options">Options; unset properties take <see cref="Defaults"/>.</param>
    public RAdam(IEnumerable<(string Name, Parameter Parameter)> namedParameters, RAdamOptions? options = null)
        : this(Split(namedParameters), options)
    {
    }

    /// <summary>Creates RAdam over several parameter groups, each with its own options.</summary>
    /// <param name="groups">The groups; their unset options inherit <paramref name="options"/>.</param>
    /// <param name="options">Optimizer-level options; unset properties take <see cref="Defaults"/>.</param>
    public RAdam(IEnumerable<AdaptiveParamGroup<RAdamOptions>> groups, RAdamOptions? options = null)
        : base(groups, options, Defaults)
    {
    }

    private RAdam((List<Parameter> Parameters, Dictionary<IntPtr, string> Names) named, RAdamOptions? options)
        : base([new AdaptiveParamGroup<RAdamOptions>(named.Parameters)], options, Defaults, named.Names)
    {
    }

    /// <summary>
    /// RAdam's defaults: LearningRate 1e-3, Beta1 0.9, Beta2 0.999, Eps 1e-8 (added after bias correction; PyTorch's
    /// RAdam adds it before: <see cref="AdaptiveOptions.EpsBeforeBiasCorrection"/>), WeightDecay 0 (L2 form), Maximize
    /// false, Threshold 4 (the paper), EarlyPhase Momentum (the paper), AllowNeverRectified false, no warmup (AllowWarmup
    /// false), no rules. A new object each time.
    /// </summary>
    public static RAdamOptions Defaults => AdaptiveOptions.WithDefaults(new RAdamOptions());
}
