using Warmup.Core.Schedules;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Torch.Schedules;

/// <summary>Builds one warmup schedule per parameter group of any TorchSharp optimizer, and guards against warmup on warmup.</summary>
internal static class GroupSchedules
{
    /// <summary>
    /// The schedule <paramref name="forBeta2"/> gives each group's beta2, read from the group (<see cref="optim.IBetas"/>,
    /// as Warmup's and TorchSharp's Adam-family groups are) or else from the optimizer.
    /// </summary>
    public static List<WarmupSchedule> For(optim.Optimizer optimizer, Func<double, WarmupSchedule> forBeta2)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(forBeta2);
        var groups = optimizer.ParamGroups.ToList();
        var result = new List<WarmupSchedule>(groups.Count);
        for (int i = 0; i < groups.Count; i++)
        {
            double beta2 = groups[i] is optim.IBetas g ? g.Betas.Item2
                : optimizer is optim.IBetas o ? o.Betas.Item2
                : throw new ArgumentException(
                    $"This warmup takes beta2 from the optimizer, but parameter group {i} of {optimizer.GetType().Name} has no betas; " +
                    "give a schedule with an explicit period instead (WarmupSchedule.Linear(tau)).",
                    nameof(optimizer));
            try
            {
                result.Add(forBeta2(beta2));
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

    /// <summary>
    /// Refuses, changing nothing, to warm up from outside an optimizer of Warmup's that warms up in its own step (the
    /// step would apply both); otherwise marks the optimizer, so that a warmup given to it later is refused too.
    /// </summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="what">The outside warmup, for messages ("a LearningRateWarmup").</param>
    /// <returns>The optimizer.</returns>
    public static optim.Optimizer Claim(optim.Optimizer optimizer, string what)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer is AdaptiveOptimizer adaptive)
        {
            int i = 0;
            foreach (var group in optimizer.ParamGroups)
            {
                if (group is TorchSharp.Modules.ParamGroup { Options: AdaptiveOptions { Warmup: { } warmup } })
                {
                    throw new ArgumentException(
                        $"{optimizer.GetType().Name} warms up inside its step (parameter group {i}: Warmup = {warmup}); {what} around it would apply warmup " +
                        "twice. Use one: remove the optimizer's warmup (WithWarmup(null)) or this one.",
                        nameof(optimizer));
                }

                i++;
            }

            adaptive.OutsideWarmup = what;
        }

        return optimizer;
    }
}
