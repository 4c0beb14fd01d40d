using TorchSharp.Modules;
using Warmup.Core.Updates;

namespace Warmup.Torch.Optim;

/// <summary>
/// TorchSharp-style factories: <c>Optimizers.RAdam(model.parameters(), lr: 1e-3, beta2: 0.98)</c>. Every argument
/// left null takes the class default (<see cref="Adam.Defaults"/>, <see cref="AdamW.Defaults"/>,
/// <see cref="RAdam.Defaults"/>); each one sets the option property of the same name.
/// </summary>
public static class Optimizers
{
    /// <summary>Creates <see cref="Optim.Adam"/>; see <see cref="AdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weightDecay">L2 weight decay.</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static Adam Adam(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool? amsgrad = null, bool? maximize = null) =>
        new(parameters, new AdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, AmsGrad = amsgrad, Maximize = maximize });

    /// <summary>Creates <see cref="Optim.AdamW"/>; see <see cref="AdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weightDecay">Decoupled weight decay (default 0.01).</param>
    /// <param name="amsgrad">AMSGrad.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static AdamW AdamW(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool? amsgrad = null, bool? maximize = null) =>
        new(parameters, new AdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, AmsGrad = amsgrad, Maximize = maximize });

    /// <summary>Creates <see cref="Optim.RAdam"/>; see <see cref="RAdamOptions"/> for each option.</summary>
    /// <param name="parameters">Parameters to optimize.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">First-moment decay.</param>
    /// <param name="beta2">Second-moment decay.</param>
    /// <param name="eps">Denominator term.</param>
    /// <param name="weightDecay">Weight decay.</param>
    /// <param name="decoupledWeightDecay">Decoupled instead of L2 weight decay.</param>
    /// <param name="threshold">Rectification threshold (4: paper; 5: PyTorch, optax, TF-Addons).</param>
    /// <param name="earlyPhase">Momentum step (paper) or no update before rectification.</param>
    /// <param name="maximize">Maximize the objective.</param>
    public static RAdam RAdam(IEnumerable<Parameter> parameters, double? lr = null, double? beta1 = null, double? beta2 = null, double? eps = null, double? weightDecay = null, bool? decoupledWeightDecay = null, double? threshold = null, EarlyPhase? earlyPhase = null, bool? maximize = null) =>
        new(parameters, new RAdamOptions { LearningRate = lr, Beta1 = beta1, Beta2 = beta2, Eps = eps, WeightDecay = weightDecay, DecoupledWeightDecay = decoupledWeightDecay, Threshold = threshold, EarlyPhase = earlyPhase, Maximize = maximize });
}
