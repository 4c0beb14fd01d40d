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
        int k = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            groups[gi].Options.CopyHyperparametersFrom(Options[gi]);
            var stateful = groups[gi].Options.StatefulRules;
            foreach (var state in groups[gi].States)
            {
                state.Replace(States[k++], stateful);
            }
        }

        _committed = true;
    }

    /// <summary>
    /// Why a staged rule state does not fit its group's rules (another length, or a value a rule can never hold: each
    /// stateful rule's <c>IRuleState.Check</c>, such as NaN or a negative factor), or null when every one fits. The
    /// loaders call it before <see cref="CommitTo"/>, for files and in-memory states alike.
    /// </summary>
    /// <param name="groups">The optimizer's groups, in order.</param>
    public string? InvalidRuleStates(IReadOnlyList<AdaptiveOptimizer.GroupView> groups)
    {
        int k = 0;
        for (int gi = 0; gi < groups.Count; gi++)
        {
            var rules = groups[gi].Options.StatefulRules;
            for (int pi = 0; pi < groups[gi].States.Count; pi++, k++)
            {
                if (States[k].RuleState is { } r && Core.Updates.RuleChain.Invalid(rules, r) is { } why)
                {
                    return $"parameter {pi} of group {gi} has a rule state its rules can never be in ({why})";
                }
            }
        }

        return null;
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
