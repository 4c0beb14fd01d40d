using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim.Checkpoints;

/// <summary>One parameter's state read from a checkpoint and checked against the parameter, not yet in use.</summary>
/// <param name="Step">The parameter's step count.</param>
/// <param name="Moments">The moments in their format (float32 ones: the parameter's shape, dtype and device).</param>
/// <param name="MaxExpAvgSq">AMSGrad's running maximum, or null.</param>
/// <param name="RuleState">The rule state (format version 2 and in-memory states), or null when the checkpoint has none (a fresh one is used).</param>
internal sealed record StagedState(long Step, FormattedMoments Moments, Tensor? MaxExpAvgSq, double[]? RuleState = null) : IDisposable
{
    /// <summary>A float32 state.</summary>
    public StagedState(long step, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, double[]? ruleState = null)
        : this(step, new FormattedMoments(StateFormat.Float32, expAvg, expAvgSq, null, null), maxExpAvgSq, ruleState)
    {
    }

    /// <summary>Frees the tensors (after a failed load; a committed state owns them).</summary>
    public void Dispose()
    {
        Moments.Dispose();
        MaxExpAvgSq?.Dispose();
    }
}
