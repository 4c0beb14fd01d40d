using TorchSharp;
using TorchSharp.Modules;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// Per-parameter state of <see cref="Adam"/>, <see cref="AdamW"/> and <see cref="RAdam"/>: the step count and the
/// moment estimates. Each parameter owns its state; nothing is shared between parameters or groups.
/// </summary>
public sealed class AdaptiveState : OptimizerState, IDisposable
{
    private readonly AdaptiveOptimizer? _owner;
    private double[] _ruleState = [];

    internal AdaptiveState(Parameter parameter, AdaptiveOptimizer? owner)
        : base(parameter)
    {
        _owner = owner;
    }

    /// <summary>Steps taken by this parameter (steps where it had no gradient are not counted, as in PyTorch).</summary>
    public long Step { get; internal set; }

    /// <summary>First moment m (contiguous, the parameter's shape, dtype and device).</summary>
    public Tensor ExpAvg { get; private set; } = null!;

    /// <summary>Second moment v.</summary>
    public Tensor ExpAvgSq { get; private set; } = null!;

    /// <summary>AMSGrad's running maximum of v; null when AMSGrad is off.</summary>
    public Tensor? MaxExpAvgSq { get; private set; }

    /// <summary>
    /// Statistics of this parameter's last step, reduced by the fused pass when a rule of its group keeps state
    /// (<see cref="IStatefulRule"/>); <see cref="UpdateStatistics.None"/> otherwise.
    /// </summary>
    public UpdateStatistics Statistics { get; internal set; }

    /// <summary>
    /// The learning rate this parameter's last step applied: the group's rate after warmup and every rule (0 before its
    /// first step, and for steps that left it alone, such as Adam-2k's first ones).
    /// </summary>
    public double AppliedLearningRate { get; internal set; }

    /// <summary>The state of the stateful rules of this parameter's group, in chain order (empty when none keeps state), as saved.</summary>
    internal ReadOnlyMemory<double> RuleState => _ruleState;

    /// <summary>The stateful rules <see cref="RuleState"/> belongs to, in chain order.</summary>
    internal IStatefulRule[] StatefulRules { get; private set; } = [];

    /// <summary>The state <paramref name="rule"/> keeps for this parameter (its initial state before the parameter's first step with it).</summary>
    /// <typeparam name="TState">The rule's state type.</typeparam>
    /// <param name="rule">A stateful rule of this parameter's group.</param>
    /// <exception cref="ArgumentException">The rule is not in the parameter's chain.</exception>
    public TState RuleStateOf<TState>(StatefulRule<TState> rule)
        where TState : struct, IRuleState<TState>
    {
        ArgumentNullException.ThrowIfNull(rule);
        int offset = 0;
        foreach (var r in StatefulRules)
        {
            if (Equals(r, rule))
            {
                return TState.Read(_ruleState.AsSpan(offset, TState.Length));
            }

            offset += r.StateLength;
        }

        return _owner?.GroupOf(_parameter) is { } options && options.StatefulRules.Contains(rule)
            ? rule.InitialState
            : throw new ArgumentException($"{rule} is not a rule of this parameter's group.", nameof(rule));
    }

    /// <summary>
    /// The rule state a step with the stateful <paramref name="rules"/> starts from: this parameter's own when it belongs to the
    /// same stateful rules, else a new, initialized one (set by <see cref="UseRuleState"/> when the step commits).
    /// </summary>
    /// <param name="rules">The stateful rules of the group's chain (<see cref="AdaptiveOptions.StatefulRules"/>).</param>
    internal (double[] State, IStatefulRule[] Rules) RuleStateFor(IStatefulRule[] rules)
    {
        if (ReferenceEquals(rules, StatefulRules) || rules.SequenceEqual(StatefulRules))
        {
            return (_ruleState, StatefulRules);
        }

        var fresh = new double[RuleChain.StateLength(rules)];
        RuleChain.Initialize(rules, fresh);
        return (fresh, rules);
    }

    /// <summary>Takes the rule state a step started from.</summary>
    /// <param name="state">The state.</param>
    /// <param name="rules">Its rules.</param>
    internal void UseRuleState(double[] state, IStatefulRule[] rules) => (_ruleState, StatefulRules) = (state, rules);

    internal Parameter Parameter => _parameter;

    /// <inheritdoc />
    public override void Initialize(OptimizerOptions options)
    {
        DisposeTensors();
        Step = 0;
        Statistics = default;
        AppliedLearningRate = 0;
        (_ruleState, StatefulRules) = ([], []);

        // Always contiguous (zeros_like would copy a non-contiguous parameter's strides), so the state can be
        // saved and, for a contiguous float32 parameter, updated by the fused kernel.
        ExpAvg = Zeros();
        ExpAvgSq = Zeros();
        MaxExpAvgSq = null;
        UseAmsGrad(options is AdaptiveOptions { KeepsSecondMomentMaximum: true });
    }

    /// <summary>Creates AMSGrad's running maximum when <paramref name="on"/> (from zero: max(0, v) = v), drops it otherwise.</summary>
    /// <param name="on">Whether the parameter's group uses AMSGrad now.</param>
    internal void UseAmsGrad(bool on)
    {
        if (on && MaxExpAvgSq is null)
        {
            MaxExpAvgSq = Zeros();
        }
        else if (!on && MaxExpAvgSq is not null)
        {
            MaxExpAvgSq.Dispose();
            MaxExpAvgSq = null;
        }
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Step);
        ExpAvg.Save(writer);
        ExpAvgSq.Save(writer);
        SaveConditionalStateTensor(writer, MaxExpAvgSq);
        writer.Write(_ruleState.Length); // format version 2: the rule state
        foreach (double x in _ruleState)
        {
            writer.Write(x);
        }
    }

    /// <summary>
    /// Part of the optimizer's <c>load_state_dict</c>: the optimizer has already read and checked this state with the
    /// whole checkpoint, so this reads nothing. Called on its own it throws: load through the optimizer.
    /// </summary>
    /// <param name="reader">The checkpoint's reader.</param>
    /// <exception cref="InvalidOperationException">Called outside the optimizer's <c>load_state_dict</c>.</exception>
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_owner is null || !_owner.AcknowledgeStateRecord(reader))
        {
            throw new InvalidOperationException("An AdaptiveState is loaded by its optimizer's load_state_dict, which checks the whole checkpoint first.");
        }
    }

    /// <summary>Takes a copy of <paramref name="source"/> (Warmup's state, or TorchSharp's Adam/AdamW state) after checking its shapes and dtypes; nothing changes on error.</summary>
    /// <param name="source">The state to copy.</param>
    /// <exception cref="ArgumentException">The source does not fit this parameter.</exception>
    public override void LoadStateDict(OptimizerState source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using (no_grad())
        {
            Replace(Checkpoints.StateDictionaryReader.StageState(source, _parameter, $"Parameter of shape [{string.Join(", ", _parameter.shape)}]"), (source as AdaptiveState)?.StatefulRules ?? []);
        }
    }

    /// <summary>Takes the staged state's step and tensors (which it then owns), disposing its own.</summary>
    /// <param name="staged">A state checked against this parameter.</param>
    /// <param name="stateful">The stateful rules of the group's chain, which a staged rule state belongs to (checked when staged).</param>
    internal void Replace(Checkpoints.StagedState staged, IStatefulRule[] stateful)
    {
        DisposeTensors();
        Step = staged.Step;
        ExpAvg = staged.ExpAvg;
        ExpAvgSq = staged.ExpAvgSq;
        MaxExpAvgSq = staged.MaxExpAvgSq;
        Statistics = default;
        AppliedLearningRate = 0;
        (_ruleState, StatefulRules) = staged.RuleState is { } rules ? (rules, stateful) : ([], []);
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other) =>
        other is AdaptiveState s && s.Step == Step && s.ExpAvg.allclose(ExpAvg) && s.ExpAvgSq.allclose(ExpAvgSq) &&
        (MaxExpAvgSq is null ? s.MaxExpAvgSq is null : s.MaxExpAvgSq is not null && s.MaxExpAvgSq.allclose(MaxExpAvgSq));

    /// <inheritdoc />
    public override void to(Device device)
    {
        ExpAvg = Move(ExpAvg, device);
        ExpAvgSq = Move(ExpAvgSq, device);
        MaxExpAvgSq = MaxExpAvgSq is null ? null : Move(MaxExpAvgSq, device);
    }

    /// <inheritdoc />
    public void Dispose() => DisposeTensors();

    // Every intermediate is held until the native call that reads it has returned (TorchSharp passes raw handles).
    private static Tensor Move(Tensor t, Device device)
    {
        var moved = t.to(device);
        var contiguous = moved.contiguous();
        GC.KeepAlive(moved);
        if (!ReferenceEquals(moved, t) && !ReferenceEquals(moved, contiguous))
        {
            moved.Dispose();
        }

        if (!ReferenceEquals(contiguous, t))
        {
            t.Dispose();
        }

        return contiguous.DetachFromDisposeScope();
    }

    private Tensor Zeros() =>
        zeros(_parameter.shape, dtype: _parameter.dtype, device: _parameter.device).DetachFromDisposeScope();

    private void DisposeTensors()
    {
        ExpAvg?.Dispose();
        ExpAvgSq?.Dispose();
        MaxExpAvgSq?.Dispose();
    }
}
