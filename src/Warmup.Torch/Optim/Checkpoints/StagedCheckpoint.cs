namespace Warmup.Torch.Optim.Checkpoints;

/// <summary>
/// A whole optimizer state read and checked before anything is changed: every group's options (validated) and every
/// parameter's state (shapes and dtypes checked). <see cref="CommitTo"/> then cannot fail; on any error before it the
/// staged tensors are disposed and the optimizer is as it was.
/// </summary>
internal sealed class StagedCheckpoint : IDisposable
{
    private bool _committed;

    /// <summary>Where the state came from, for messages ("Warmup v1", "TorchSharp Adam", ...).</summary>
    public required string Source { get; init; }

    /// <summary>One options object per group, not owned by any optimizer.</summary>
    public List<AdaptiveOptions> Options { get; } = [];

    /// <summary>One state per parameter, in the optimizer's order.</summary>
    public List<StagedState> States { get; } = [];

    /// <summary>Replaces the optimizer's options and states with the staged ones (in place, so schedulers keep their references).</summary>
    /// <param name="groups">The optimizer's groups, in order.</param>
    public void CommitTo(IReadOnlyList<AdaptiveOptimizer.GroupView> groups)
    {
        CheckRuleStates(groups);
        int k = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            groups[gi].Options.CopyFrom(Options[gi]);
            var stateful = groups[gi].Options.StatefulRules;
            foreach (var state in groups[gi].States)
            {
                state.Replace(States[k++], stateful);
            }
        }

        _committed = true;
    }

    /// <inheritdoc />
    /// <summary>Throws, changing nothing, when a staged rule state does not fit its group's rules.</summary>
    /// <param name="groups">The optimizer's groups, in order.</param>
    private void CheckRuleStates(IReadOnlyList<AdaptiveOptimizer.GroupView> groups)
    {
        int k = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            int length = Options[gi].RuleStateLength;
            for (int pi = 0; pi < groups[gi].States.Count; pi++, k++)
            {
                if (States[k].RuleState is { } r && r.Length != length)
                {
                    throw new InvalidDataException($"{Source}: parameter {pi} of group {gi} has {r.Length} numbers of rule state; the group's rules keep {length}.");
                }
            }
        }
    }

    public void Dispose()
    {
        if (!_committed)
        {
            foreach (var s in States)
            {
                s.Dispose();
            }
        }
    }
}
