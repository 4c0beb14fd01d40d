using Warmup.Core.Schedules;
using static TorchSharp.torch;

namespace Warmup.Torch.Schedules;

/// <summary>Builds one warmup schedule per parameter group of any TorchSharp optimizer.</summary>
internal static class GroupSchedules
{
    /// <summary>
    /// The schedule of <paramref name="kind"/> for each group; the untuned and RAdam kinds read beta2 from the group
    /// (<see cref="optim.IBetas"/>, as Warmup's and TorchSharp's Adam-family groups are) or else from the optimizer.
    /// </summary>
    public static List<WarmupSchedule> For(optim.Optimizer optimizer, WarmupKind kind, double? tau, RAdamEarlySteps early)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        bool needsBeta2 = kind is WarmupKind.UntunedLinear or WarmupKind.UntunedExponential or WarmupKind.RAdam;
        var groups = optimizer.ParamGroups.ToList();
        var result = new List<WarmupSchedule>(groups.Count);
        for (int i = 0; i < groups.Count; i++)
        {
            double? beta2 = null;
            if (needsBeta2)
            {
                beta2 = groups[i] is optim.IBetas g ? g.Betas.Item2
                    : optimizer is optim.IBetas o ? o.Betas.Item2
                    : throw new ArgumentException(
                        $"The {kind} warmup takes beta2 from the optimizer, but parameter group {i} of {optimizer.GetType().Name} has no betas; " +
                        "use Linear or Exponential warmup with an explicit tau.",
                        nameof(optimizer));
            }

            try
            {
                result.Add(WarmupSchedule.Create(kind, tau, beta2, early));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Parameter group {i}: {e.Message}", e.ParamName, e);
            }
        }

        return result;
    }

    /// <summary>The same schedule for every group.</summary>
    public static List<WarmupSchedule> Same(optim.Optimizer optimizer, WarmupSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        return optimizer.ParamGroups.Select(_ => schedule).ToList();
    }
}
