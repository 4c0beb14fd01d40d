using TorchSharp.Modules;
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using Adam = Warmup.Torch.Optim.Adam;
using RAdam = Warmup.Torch.Optim.RAdam;

namespace Warmup.Experiments.Methods;

/// <summary>Warmup's Adam and RAdam with a sweep's hyperparameters, for the method table.</summary>
internal static class AdamFamily
{
    /// <summary>Adam (AdamW with decoupled decay) with <paramref name="h"/>, then whatever <paramref name="configure"/> sets.</summary>
    public static Adam Adam(IEnumerable<Parameter> parameters, Hyperparameters h, Action<AdamOptions>? configure = null, params IStepRule[] rules)
    {
        var options = new AdamOptions
        {
            LearningRate = h.LearningRate, Beta1 = h.Beta1, Beta2 = h.Beta2, Eps = 1e-8, WeightDecay = h.WeightDecay, DecoupledWeightDecay = h.DecoupledWeightDecay, Rules = rules,
        };
        configure?.Invoke(options);
        return new Adam(parameters, options);
    }

    /// <summary>RAdam with <paramref name="h"/> and the paper's defaults.</summary>
    public static RAdam RAdam(IEnumerable<Parameter> parameters, Hyperparameters h) => new(parameters, new RAdamOptions
    {
        LearningRate = h.LearningRate, Beta1 = h.Beta1, Beta2 = h.Beta2, Eps = 1e-8, WeightDecay = h.WeightDecay, DecoupledWeightDecay = h.DecoupledWeightDecay,
    });
}
