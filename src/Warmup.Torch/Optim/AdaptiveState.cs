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

    /// <summary>
    /// How <see cref="ExpAvg"/> and <see cref="ExpAvgSq"/> hold the moments (<see cref="AdaptiveOptions.StateFormat"/> for
    /// tensors of at least <see cref="StateFormats.MinimumElements"/> elements, else float32).
    /// </summary>
    public StateFormat Format { get; private set; } = StateFormat.Float32;

    /// <summary>
    /// First moment m, contiguous, the parameter's shape and device: in the parameter's dtype for <see cref="StateFormat.Float32"/>,
    /// bfloat16 for <see cref="StateFormat.BFloat16"/>, 8-bit codes (uint8) for <see cref="StateFormat.Int8Blockwise"/>
    /// (with <see cref="ExpAvgScales"/>). <see cref="Float32Moments"/> gives the values whatever the format.
    /// </summary>
    public Tensor ExpAvg { get; private set; } = null!;

    /// <summary>Second moment v, as <see cref="ExpAvg"/>; for <see cref="StateFormat.Int8Blockwise"/>, the codes of sqrt(v) (with <see cref="ExpAvgSqScales"/>).</summary>
    public Tensor ExpAvgSq { get; private set; } = null!;

    /// <summary>8-bit state: m's scale (absolute maximum) per block of <see cref="StateFormats.BlockElements"/> elements, float32; else null.</summary>
    public Tensor? ExpAvgScales { get; private set; }

    /// <summary>8-bit state: sqrt(v)'s scale per block; else null.</summary>
    public Tensor? ExpAvgSqScales { get; private set; }

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
        // saved and, for a contiguous float32 parameter, updated by the fused kernel. A parameter the fused kernel can
        // take starts in its group's format; any other starts in float32 (its group's step then refuses another format).
        Format = StateFormat.Float32;
        ExpAvg = Zeros();
        ExpAvgSq = Zeros();
        MaxExpAvgSq = null;
        (ExpAvgScales, ExpAvgSqScales) = (null, null);
        UseAmsGrad(options is AdaptiveOptions { KeepsSecondMomentMaximum: true });
        if (options is AdaptiveOptions { StateFormat: { } format } && FusedBatch.IsEligible(_parameter, _parameter.numel()))
        {
            UseFormat(format);
        }
    }

    /// <summary>
    /// The format this parameter's state takes in a group of format <paramref name="groupFormat"/>: the group's, or
    /// float32 for a tensor under <see cref="StateFormats.MinimumElements"/> elements.
    /// </summary>
    /// <remarks>Float32, the default, is answered without asking libtorch the element count: every step asks, for every parameter.</remarks>
    internal StateFormat FormatIn(StateFormat groupFormat) =>
        groupFormat == StateFormat.Float32 ? StateFormat.Float32 : StateFormats.For(groupFormat, _parameter.numel());

    /// <summary>Converts the moments to the format this parameter takes in a group of <paramref name="groupFormat"/> (nothing when they are in it).</summary>
    /// <param name="groupFormat">The group's format.</param>
    internal void UseFormat(StateFormat groupFormat)
    {
        var target = FormatIn(groupFormat);
        if (target == Format)
        {
            return;
        }

        var (m, v) = StateConversion.Decode(Stored, _parameter.shape);
        using (m)
        using (v)
        {
            SetStored(StateConversion.Encode(target, m, v));
        }
    }

    /// <summary>
    /// The moments m and v as new float32 tensors (the caller disposes them), whatever <see cref="Format"/>: v itself
    /// for 8-bit state (its stored square root, squared). For a float32 state, copies.
    /// </summary>
    public (Tensor ExpAvg, Tensor ExpAvgSq) Float32Moments() => StateConversion.Decode(Stored, _parameter.shape);

    /// <summary>The moments as stored (this state keeps owning the tensors).</summary>
    internal FormattedMoments Stored => new(Format, ExpAvg, ExpAvgSq, ExpAvgScales, ExpAvgSqScales);

    // Takes the moments (which it then owns), disposing the ones it had.
    private void SetStored(FormattedMoments moments)
    {
        ExpAvg?.Dispose();
        ExpAvgSq?.Dispose();
        ExpAvgScales?.Dispose();
        ExpAvgSqScales?.Dispose();
        (Format, ExpAvg, ExpAvgSq, ExpAvgScales, ExpAvgSqScales) = (moments.Format, moments.ExpAvg, moments.ExpAvgSq, moments.ExpAvgScales, moments.ExpAvgSqScales);
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
        writer.Write((int)Format); // format version 4: the state's format, then its tensors in it
        ExpAvg.Save(writer);
        ExpAvgSq.Save(writer);
        if (Format == StateFormat.Int8Blockwise)
        {
            ExpAvgScales!.Save(writer);
            ExpAvgSqScales!.Save(writer);
        }

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
        SetStored(staged.Moments);
        MaxExpAvgSq = staged.MaxExpAvgSq;
        Statistics = default;
        AppliedLearningRate = 0;
        (_ruleState, StatefulRules) = staged.RuleState is { } rules ? (rules, stateful) : ([], []);
    }

    /// <inheritdoc />
    public override bool ApproximatelyEquals(OptimizerState other)
    {
        if (other is not AdaptiveState s || s.Step != Step || s.Format != Format ||
            (MaxExpAvgSq is null ? s.MaxExpAvgSq is not null : s.MaxExpAvgSq is null || !s.MaxExpAvgSq.allclose(MaxExpAvgSq)))
        {
            return false;
        }

        var (m, v) = Float32Moments();
        var (om, ov) = s.Float32Moments();
        using (m)
        using (v)
        using (om)
        using (ov)
        {
            return om.allclose(m) && ov.allclose(v);
        }
    }

    /// <inheritdoc />
    public override void to(Device device)
    {
        ExpAvg = Move(ExpAvg, device);
        ExpAvgSq = Move(ExpAvgSq, device);
        ExpAvgScales = ExpAvgScales is null ? null : Move(ExpAvgScales, device);
        ExpAvgSqScales = ExpAvgSqScales is null ? null : Move(ExpAvgSqScales, device);
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
        ExpAvgScales?.Dispose();
        ExpAvgSqScales?.Dispose();
        MaxExpAvgSq?.Dispose();
        (ExpAvgScales, ExpAvgSqScales) = (null, null);
    }
}
