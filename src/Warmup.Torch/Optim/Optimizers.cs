using TorchSharp.Modules;
using Warmup.Core.Updates;

namespace Warmup.Torch.Optim;

/// <summary>
/// Factories with TorchSharp's (and PyTorch's) parameter names: <c>Optimizers.AdamW(model.parameters(), lr: 3e-3,
/// weight_decay: 0.05)</c> is <c>torch.optim.AdamW(...)</c> with Warmup's optimizer. Every argument left null takes the
/// class default (<see cref="Adam.Defaults"/>, <see cref="AdamW.Defaults"/>, <see cref="RAdam.Defaults"/>); each sets
/// the option property it names. Warmup and rules go through the options or <see cref="WarmupExtensions"/>.
/// </summary>
#pragma warning disable CA1707 // TorchSharp's parameter names (weight_decay, decoupled_weight_decay, early_phase).
public static class Optimizers
{
    /// <summary>Creates <see cref="Optim.Adam"/>; see <see cref="AdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate (<see cref="TorchSharp.Modules.OptimizerOptions.LearningRate"/>).</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weight_decay">L2 weight decay.</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static Adam Adam(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weight_decay = null, bool? amsgrad = null, bool? maximize = null) =>
        new(parameters, new AdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weight_decay, AmsGrad = amsgrad, Maximize = maximize });

    /// <summary>Creates <see cref="Optim.AdamW"/>; see <see cref="AdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weight_decay">Decoupled weight decay (default 0.01).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static AdamW AdamW(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weight_decay = null, bool? amsgrad = null, bool? maximize = null) =>
        new(parameters, new AdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weight_decay, AmsGrad = amsgrad, Maximize = maximize });

    /// <summary>Creates <see cref="Optim.RAdam"/>; see <see cref="RAdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weight_decay">Weight decay.</param>
    /// <param name="decoupled_weight_decay">Decoupled instead of L2 weight decay (PyTorch's name).</param>
    /// <param name="threshold">Rectification threshold (4: paper; 5: PyTorch, optax, TF-Addons).</param>
    /// <param name="early_phase">Momentum step (paper) or no update before rectification.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static RAdam RAdam(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weight_decay = null, bool? decoupled_weight_decay = null, double? threshold = null, EarlyPhase? early_phase = null, bool? maximize = null) =>
        new(parameters, new RAdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weight_decay, DecoupledWeightDecay = decoupled_weight_decay, Threshold = threshold, EarlyPhase = early_phase, Maximize = maximize });
}
#pragma warning restore CA1707
