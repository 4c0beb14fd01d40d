using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Bench;

/// <summary>
/// An optimizer whose step does nothing and whose <c>zero_grad</c> removes the gradients (the cheaper of the two ways):
/// what the training loop costs without any optimizer.
/// </summary>
internal sealed class NoStepOptimizer : OptimizerHelper
{
    public NoStepOptimizer(IEnumerable<Parameter> parameters)
    {
        _defaults = new OptimizerOptions { LearningRate = 0 };
        _parameter_groups = [new ParamGroup<OptimizerOptions>(parameters, new OptimizerOptions { LearningRate = 0 })];
    }

    public override Tensor step(Func<Tensor>? closure = null) => null!;

    public override void zero_grad()
    {
        foreach (var p in _parameter_groups.SelectMany(g => g.Parameters))
        {
            p.grad = null;
        }
    }
}
