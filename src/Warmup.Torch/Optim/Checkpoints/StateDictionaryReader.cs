using Warmup.Core.Updates;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Optim.Checkpoints;

/// <summary>
/// Stages an in-memory optimizer state (<c>state_dict()</c> of another optimizer: Warmup's of the same kind, or
/// TorchSharp's built-in Adam or AdamW for Warmup's Adam and AdamW), checked against the target's groups and
/// parameters, copying every tensor.
/// </summary>
internal static class StateDictionaryReader
{
    /// <summary>Stages <paramref name="source"/> for <paramref name="groups"/>; throws <see cref="ArgumentException"/> naming what differs.</summary>
    /// <param name="source">The state to load.</param>
    /// <param name="groups">The target's groups.</param>
    /// <param name="optimizer">The target.</param>
    public static StagedCheckpoint Stage(Optimizer.StateDictionary source, IReadOnlyList<AdaptiveOptimizer.GroupView> groups, AdaptiveOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(source);
        string kind = optimizer.GetType().Name;
        int states = groups.Sum(g => g.Parameters.Count);
        if (source.Options.Count != groups.Count)
        {
            throw new ArgumentException($"Cannot load the state into {kind}: {source.Options.Count} parameter groups in the state, {groups.Count} here. Nothing was changed.", nameof(source));
        }

        if (source.State.Count != states)
        {
            throw new ArgumentException($"Cannot load the state into {kind}: {source.State.Count} parameter states in the state, {states} parameters here. Nothing was changed.", nameof(source));
        }

        for (int gi = 0; gi < groups.Count && gi < source.StateIndexRef.Count; gi++)
        {
            if (source.StateIndexRef[gi].Count != groups[gi].Parameters.Count)
            {
                throw new ArgumentException($"Cannot load the state into {kind}: parameter group {gi} has {source.StateIndexRef[gi].Count} parameters in the state, {groups[gi].Parameters.Count} here. Nothing was changed.", nameof(source));
            }
        }

        var staged = new StagedCheckpoint { Source = "state_dict()" };
        try
        {
            int k = 0;
            for (int gi = 0; gi < groups.Count; gi++)
            {
                staged.Options.Add(StageOptions(source.Options[gi], groups[gi].Options, gi, optimizer));
            }

            for (int gi = 0; gi < groups.Count; gi++)
            {
                for (int pi = 0; pi < groups[gi].Parameters.Count; pi++)
                {
                    var p = groups[gi].Parameters[pi];
                    staged.States.Add(StageState(source.State[k++], p, optimizer.Describe(gi, pi, p)));
                }
            }

            if (staged.InvalidRuleStates(groups) is { } why)
            {
                throw new ArgumentException($"Cannot load the state into {kind}: {why}. Nothing was changed.", nameof(source));
            }

            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>Copies one parameter's state after checking it against <paramref name="p"/>.</summary>
    /// <param name="source">Warmup's <see cref="AdaptiveState"/> or TorchSharp's Adam/AdamW state.</param>
    /// <param name="p">The parameter it is for.</param>
    /// <param name="where">The parameter, for messages.</param>
    public static StagedState StageState(OptimizerState source, Parameter p, string where)
    {
        if (source is AdaptiveState { Format: not StateFormat.Float32 } formatted)
        {
            return StageFormatted(formatted, p, where);
        }

        var (step, m, v, max) = source switch
        {
            AdaptiveState s => (s.Step, s.ExpAvg, s.ExpAvgSq, s.MaxExpAvgSq),
            TorchSharp.Modules.Adam.State s => (s.step, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq),
            TorchSharp.Modules.AdamW.State s => (s.step, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq),
            _ => throw new ArgumentException($"{where}: cannot load a state of type {source?.GetType().FullName ?? "null"}.", nameof(source)),
        };

        if (step < 0)
        {
            throw new ArgumentException($"{where}: step count {step} in the state.", nameof(source));
        }

        Check(m, p, $"{where}: first moment");
        Check(v, p, $"{where}: second moment");
        if (max is not null)
        {
            Check(max, p, $"{where}: AMSGrad maximum");
        }

        Tensor? mc = null, vc = null;
        try
        {
            mc = Copy(m, p);
            vc = Copy(v, p);
            return new StagedState(step, mc, vc, max is null ? null : Copy(max, p), (source as AdaptiveState)?.RuleState.ToArray());
        }
        catch
        {
            mc?.Dispose();
            vc?.Dispose();
            throw;
        }
    }

    // A low-precision state of Warmup's: its stored tensors copied as they are, after checking their shapes.
    private static StagedState StageFormatted(AdaptiveState s, Parameter p, string where)
    {
        if (StateFormats.For(s.Format, p.numel()) != s.Format || !s.ExpAvg.shape.SequenceEqual(p.shape) || !s.ExpAvgSq.shape.SequenceEqual(p.shape))
        {
            throw new ArgumentException(
                $"{where}: {s.Format} state of shape [{string.Join(", ", s.ExpAvg.shape)}] does not fit a parameter of shape [{string.Join(", ", p.shape)}].", nameof(s));
        }

        var stored = s.Stored;
        var copies = new List<Tensor>();
        Tensor Clone(Tensor t)
        {
            var c = t.to(p.device).clone().DetachFromDisposeScope();
            copies.Add(c);
            return c;
        }

        try
        {
            var moments = new FormattedMoments(
                stored.Format, Clone(stored.ExpAvg), Clone(stored.ExpAvgSq), stored.ExpAvgScales is null ? null : Clone(stored.ExpAvgScales), stored.ExpAvgSqScales is null ? null : Clone(stored.ExpAvgSqScales));
            return new StagedState(s.Step, moments, null, s.RuleState.ToArray());
        }
        catch
        {
            foreach (var c in copies)
            {
                c.Dispose();
            }

            throw;
        }
    }

    private static AdaptiveOptions StageOptions(OptimizerOptions source, AdaptiveOptions current, int group, AdaptiveOptimizer optimizer)
    {
        var o = current.CloneUnowned();
        switch (source)
        {
            case AdaptiveOptions a when a.GetType() == o.GetType():
                if (o.MismatchedChain(a.ChainNames, "The state") is { } why)
                {
                    throw new ArgumentException($"Cannot load the state into parameter group {group} of {optimizer.GetType().Name}: {why} Nothing was changed.", nameof(source));
                }

                o.CopyHyperparametersFrom(a);
                break;
            case TorchSharp.Modules.Adam.Options t when o is AdamOptions adam:
                Map(adam, t, t.beta1, t.beta2, t.eps, t.weight_decay, t.amsgrad, t.maximize, decoupled: false);
                break;
            case TorchSharp.Modules.AdamW.Options t when o is AdamOptions adam:
                Map(adam, t, t.beta1, t.beta2, t.eps, t.weight_decay, t.amsgrad, t.maximize, decoupled: true);
                break;
            default:
                throw new ArgumentException($"Cannot load options of type {source?.GetType().FullName ?? "null"} into parameter group {group} of {optimizer.GetType().Name}. Nothing was changed.", nameof(source));
        }

        try
        {
            o.Validate(group);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.Message} Nothing was changed.", nameof(source), e);
        }

        return o;
    }

    // Options TorchSharp's Adam has not keep the target's values; its eps is added after bias correction; its weight
    // decay is L2 in Adam and decoupled in AdamW, whichever Warmup optimizer takes the state.
    private static void Map(AdamOptions o, OptimizerOptions t, double? beta1, double? beta2, double? eps, double? wd, bool? amsGrad, bool? maximize, bool decoupled)
    {
        (o.InitialLearningRate, o.LearningRate) = (t.InitialLearningRate, t.LearningRate ?? o.LearningRate);
        (o.Beta1, o.Beta2, o.Eps, o.WeightDecay) = (beta1 ?? o.Beta1, beta2 ?? o.Beta2, eps ?? o.Eps, wd ?? o.WeightDecay);
        (o.AmsGrad, o.Maximize, o.DecoupledWeightDecay, o.EpsBeforeBiasCorrection) = (amsGrad ?? o.AmsGrad, maximize ?? o.Maximize, decoupled, false);
    }

    private static void Check(Tensor t, Parameter p, string what)
    {
        if (t.dtype != p.dtype)
        {
            throw new ArgumentException($"{what} is {t.dtype} in the state; the parameter is {p.dtype}. Nothing was changed.");
        }

        if (!t.shape.SequenceEqual(p.shape))
        {
            throw new ArgumentException($"{what} has shape [{string.Join(", ", t.shape)}] in the state; the parameter has [{string.Join(", ", p.shape)}]. Nothing was changed.");
        }
    }

    // A contiguous copy on the parameter's device, owned by no dispose scope.
    private static Tensor Copy(Tensor t, Parameter p)
    {
        using var scope = NewDisposeScope();
        var copy = t.detach().to(p.device, copy: true).contiguous();
        return copy.DetachFromDisposeScope();
    }
}
