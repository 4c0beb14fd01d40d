using TorchSharp.Modules;
using Warmup.Core.Maths;
using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim.Checkpoints;

namespace Warmup.Torch.Optim;

/// <summary>
/// Hyperparameters shared by <see cref="Adam"/>, <see cref="AdamW"/> and <see cref="RAdam"/>, for one parameter
/// group or as an optimizer's defaults. A null property means "inherit": a group takes the optimizer's value,
/// and the optimizer takes the documented default of its class (<see cref="Adam.Defaults"/>,
/// <see cref="AdamW.Defaults"/>, <see cref="RAdam.Defaults"/>).
/// </summary>
/// <remarks>
/// These are TorchSharp <see cref="OptimizerOptions"/> (a mutable class, not a record) so that TorchSharp's LR
/// schedulers and <see cref="TorchSharp.torch.optim.IBetas"/> can change them during training; the learning rate
/// is the inherited <see cref="OptimizerOptions.LearningRate"/>, the base rate the schedulers set (the rate a step
/// applied, after warmup and rules, is <see cref="StepStatistics.LearningRates"/>). Each hyperparameter is declared
/// once, in <see cref="Fields"/>, with its default, its valid values and its name in checkpoints; <see cref="Warmup"/>
/// and <see cref="Rules"/> are code, not hyperparameters: they make the step's rule chain, which checkpoints name and
/// a load must match.
/// </remarks>
public abstract class AdaptiveOptions : OptimizerOptions
{
    private protected static readonly OptionField[] SharedFields =
    [
        new OptionField<AdaptiveOptions, double>(nameof(LearningRate), o => o.LearningRate, (o, v) => o.LearningRate = v, 1e-3, v => v is >= 0 and < double.PositiveInfinity, "must be finite and >= 0"),
        new OptionField<AdaptiveOptions, double>(nameof(Beta1), o => o.Beta1, (o, v) => o.Beta1 = v, 0.9, MomentDecay.IsValid, $"must be in {MomentDecay.Range}"),
        new OptionField<AdaptiveOptions, double>(nameof(Beta2), o => o.Beta2, (o, v) => o.Beta2 = v, 0.999, MomentDecay.IsValid, $"must be in {MomentDecay.Range}"),
        new OptionField<AdaptiveOptions, double>(nameof(Eps), o => o.Eps, (o, v) => o.Eps = v, 1e-8, v => v is >= 0 and < double.PositiveInfinity, "must be finite and >= 0"),
        new OptionField<AdaptiveOptions, bool>(nameof(EpsBeforeBiasCorrection), o => o.EpsBeforeBiasCorrection, (o, v) => o.EpsBeforeBiasCorrection = v, false, _ => true, string.Empty),
        new OptionField<AdaptiveOptions, double>(nameof(WeightDecay), o => o.WeightDecay, (o, v) => o.WeightDecay = v, 0.0, v => v is >= 0 and < double.PositiveInfinity, "must be finite and >= 0"),
        new OptionField<AdaptiveOptions, bool>(nameof(DecoupledWeightDecay), o => o.DecoupledWeightDecay, (o, v) => o.DecoupledWeightDecay = v, false, _ => true, string.Empty),
        new OptionField<AdaptiveOptions, bool>(nameof(Maximize), o => o.Maximize, (o, v) => o.Maximize = v, false, _ => true, string.Empty),
        new OptionField<AdaptiveOptions, StateFormat>(nameof(StateFormat), o => o.StateFormat, (o, v) => o.StateFormat = v, Core.Updates.StateFormat.Float32, Enum.IsDefined, "must be Float32, BFloat16 or Int8Blockwise"),
    ];

    private (WarmupSchedule?, IReadOnlyList<IStepRule>?, object?) _chainKey;
    private IStepRule[]? _chain;
    private IStatefulRule[] _statefulRules = [];
    private (int First, TensorStatistics Which) _current;
    private TensorStatistics _observed;

    /// <summary>First-moment decay beta1, in [0, 1). Default 0.9.</summary>
    public double? Beta1 { get; set; }

    /// <summary>Second-moment decay beta2, in [0, 1). Default 0.999.</summary>
    public double? Beta2 { get; set; }

    /// <summary>
    /// Added to the bias-corrected sqrt(v), as PyTorch's Adam does (Ma and Yarats Eq. 4 put it inside the square
    /// root; PyTorch's RAdam adds it to sqrt(v) before bias correction: see <see cref="EpsBeforeBiasCorrection"/>).
    /// &gt;= 0. Default 1e-8.
    /// </summary>
    public double? Eps { get; set; }

    /// <summary>
    /// Add <see cref="Eps"/> to sqrt(v) before the bias correction, <c>m_hat * sqrt(1 - beta2^t) / (sqrt(v) + eps)</c>:
    /// Kingma and Ba's efficient form, Liu et al.'s Adam-eps (Section 3.1) and PyTorch's RAdam. The effective eps is
    /// then <c>eps / sqrt(1 - beta2^t)</c>, 32x larger at step 1 with beta2 = 0.999. Default false (PyTorch's Adam).
    /// </summary>
    public bool? EpsBeforeBiasCorrection { get; set; }

    /// <summary>Weight decay, &gt;= 0; its form is set by <see cref="DecoupledWeightDecay"/>. Default 0 (AdamW: 0.01).</summary>
    public double? WeightDecay { get; set; }

    /// <summary>
    /// True: decoupled weight decay <c>p *= 1 - lr * wd</c> before the step, with the rate after warmup (Loshchilov and
    /// Hutter; AdamW); false: L2 penalty <c>g += wd * p</c>, which then passes through the moments. Default false (AdamW: true).
    /// </summary>
    public bool? DecoupledWeightDecay { get; set; }

    /// <summary>Maximize the objective instead of minimizing it. Default false.</summary>
    public bool? Maximize { get; set; }

    /// <summary>
    /// How the group's moments are stored between steps (<see cref="Core.Updates.StateFormat"/>): float32, bfloat16 (4
    /// bytes per parameter instead of 8) or 8-bit blockwise (about 2). The update is computed in float32 in every case.
    /// Tensors of fewer than <see cref="StateFormats.MinimumElements"/> elements keep float32 state. A format other than
    /// float32 needs the fused kernel (contiguous float32 CPU parameters) and no AMSGrad; a group whose format changes has
    /// its state converted at the next step (or at once by <see cref="AdaptiveOptimizer.ConvertState"/>). Checkpoints
    /// keep the format. Default Float32.
    /// </summary>
    public StateFormat? StateFormat { get; set; }

    /// <summary>
    /// The warmup applied inside the step: the rate used at the parameter's step t is <c>LearningRate * omega_t</c>,
    /// whatever a scheduler set <c>LearningRate</c> to (pytorch_warmup's dampening, kept with the optimizer since t is the
    /// parameter's own step count), and decoupled weight decay uses that rate. Any <see cref="WarmupSchedule"/>: Core's
    /// (<see cref="WarmupSchedule.Linear"/>, <see cref="WarmupSchedule.UntunedLinear"/>, ...) or a record of your own,
    /// all applied the same way, before weight decay. Default null: no warmup. The one-liners of
    /// <see cref="WarmupExtensions"/> set it on every group (the untuned ones from each group's beta2).
    /// </summary>
    public WarmupSchedule? Warmup { get; set; }

    /// <summary>
    /// Rules applied after the optimizer's own (<see cref="IStepRule"/>, in order), each a record: a variant of the update
    /// that changes only per-step scalars, such as one of <c>Warmup.Core.Updates.Rules</c> or your own. The chain a step
    /// runs is <see cref="ScaleByAdam"/>, <see cref="ApplyWarmup"/> (with a <see cref="Warmup"/>),
    /// <see cref="MaximizeObjective"/>, <see cref="AddWeightDecay"/>, then RAdam's <see cref="Rectify"/>, then these.
    /// A warmup is given through <see cref="Warmup"/>, not here. Default none.
    /// </summary>
    public IReadOnlyList<IStepRule>? Rules { get; set; }

    /// <summary>Every hyperparameter of this options class, in checkpoint order (the shared ones, then the class's own).</summary>
    internal virtual IReadOnlyList<OptionField> Fields => SharedFields;

    /// <summary>Whether a step keeps AMSGrad's running maximum of v (only <see cref="AdamOptions.AmsGrad"/> asks for it).</summary>
    internal virtual bool KeepsSecondMomentMaximum => false;

    /// <summary>(beta1, beta2), for TorchSharp's <see cref="TorchSharp.torch.optim.IBetas"/>.</summary>
    internal (double Beta1, double Beta2) Betas
    {
        get => (Beta1!.Value, Beta2!.Value);
        set => (Beta1, Beta2) = value;
    }

    /// <summary>The resolved hyperparameters of this group, as set (the rules apply warmup and the rest).</summary>
    internal AdaptiveHyperparameters Hyperparameters => new(
        LearningRate!.Value, Beta1!.Value, Beta2!.Value, Eps!.Value, WeightDecay!.Value, DecoupledWeightDecay!.Value, Maximize!.Value, EpsBeforeBiasCorrection!.Value);

    /// <summary>This group's rule chain: the shared rules, the warmup, the optimizer's own, then <see cref="Rules"/> (rebuilt only when they change).</summary>
    internal IReadOnlyList<IStepRule> Chain
    {
        get
        {
            var key = (Warmup, Rules, OwnRulesKey);
            if (_chain is null || !Equals(_chainKey, key))
            {
                var chain = new List<IStepRule> { ScaleByAdam.Instance };
                if (Warmup is { } warmup)
                {
                    chain.Add(new ApplyWarmup(warmup));
                }

                chain.Add(MaximizeObjective.Instance);
                chain.Add(AddWeightDecay.Instance);
                AddOwnRules(chain);
                chain.AddRange(Rules ?? []);
                _chain = [.. chain];
                _chainKey = key;
                _statefulRules = [.. _chain.OfType<IStatefulRule>()];
                _current = RuleChain.CurrentStatistics(_chain);
                _observed = RuleChain.ObservedStatistics(_chain);
            }

            return _chain;
        }
    }

    /// <summary>The stateful rules of <see cref="Chain"/>, in order (built with it, so that a step does not search the chain).</summary>
    internal IStatefulRule[] StatefulRules
    {
        get
        {
            _ = Chain;
            return _statefulRules;
        }
    }

    /// <summary>What the chain asks of the step being planned: the first rule that asks and the statistics (see <see cref="IStepRule.CurrentStatistics"/>).</summary>
    internal (int First, TensorStatistics Which) CurrentStatistics
    {
        get
        {
            _ = Chain;
            return _current;
        }
    }

    /// <summary>What the chain's stateful rules learn from after each step.</summary>
    internal TensorStatistics ObservedStatistics
    {
        get
        {
            _ = Chain;
            return _observed;
        }
    }

    /// <summary>Numbers of rule state each parameter of this group keeps; 0 when no rule keeps state.</summary>
    internal int RuleStateLength => RuleChain.StateLength(StatefulRules);

    /// <summary>The chain as checkpoints name it (<see cref="StepRules.NameOf"/>), rule by rule.</summary>
    internal IReadOnlyList<string> ChainNames => [.. Chain.Select(StepRules.NameOf)];

    /// <summary>The chain as messages print it: <c>[ScaleByAdam, ApplyWarmup(LinearWarmup { Tau = 200 }), ...]</c>.</summary>
    internal string ChainDescription => Describe(Chain);

    /// <summary>The optimizer whose parameter group these options are, or null.</summary>
    internal AdaptiveOptimizer? Owner { get; set; }

    /// <summary>The values the optimizer's own rules are built from, so that the chain is rebuilt when they change.</summary>
    private protected virtual object? OwnRulesKey => null;

    /// <summary>
    /// Writes these options as one record of Warmup's checkpoint format (<see cref="CheckpointFormat"/>: a marker, the
    /// format version, the options type, the group's parameter count, every hyperparameter by name, then the chain).
    /// </summary>
    /// <param name="writer">The writer.</param>
    public override void SaveStateDict(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckpointFormat.WriteOptions(writer, this, Owner?.ParameterCountOf(this) ?? -1);
    }

    /// <summary>
    /// Loads options saved by <see cref="SaveStateDict(BinaryWriter)"/>. For a group of an optimizer this is how
    /// TorchSharp's <c>load_state_dict</c> reaches the optimizer, which then reads and checks the whole checkpoint
    /// before changing anything (see <see cref="AdaptiveOptimizer"/>); standalone options read one record, check it
    /// (its chain must be these options' chain), and only then take its hyperparameters.
    /// </summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="InvalidDataException">The data is not a valid checkpoint for these options; nothing changed.</exception>
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (Owner is { } owner)
        {
            owner.LoadCheckpointThrough(this, reader);
            return;
        }

        var staged = CloneUnowned();
        CheckpointFormat.ReadStandaloneOptions(reader, staged);
        CopyHyperparametersFrom(staged);
    }

    /// <summary>
    /// Takes the hyperparameters of <paramref name="source"/> (options of the same type and the same rule chain: warmup,
    /// the optimizer's own rules and <see cref="Rules"/>), after checking them; nothing changes on error.
    /// </summary>
    /// <param name="source">The options to copy.</param>
    /// <exception cref="ArgumentException">The source has another options type, another chain, or an invalid value.</exception>
    public override void LoadStateDict(OptimizerOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.GetType() != GetType())
        {
            throw new ArgumentException($"Cannot load {GetType().Name} from {source.GetType().Name}.", nameof(source));
        }

        var other = (AdaptiveOptions)source;
        if (MismatchedChain(other.ChainNames, "the source") is { } why)
        {
            throw new ArgumentException($"{why} Nothing was changed.", nameof(source));
        }

        var staged = CloneUnowned();
        staged.CopyHyperparametersFrom(other);
        staged.Validate(-1);
        CopyHyperparametersFrom(staged);
    }

    /// <summary>Sets every option to its default (<see cref="Fields"/>), with no warmup and no rules.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="options">Options to fill.</param>
    internal static T WithDefaults<T>(T options)
        where T : AdaptiveOptions
    {
        foreach (var field in options.Fields)
        {
            field.SetDefault(options);
        }

        options.Warmup = null;
        options.Rules = [];
        return options;
    }

    /// <summary>A copy of these options that belongs to no optimizer.</summary>
    internal AdaptiveOptions CloneUnowned()
    {
        var copy = (AdaptiveOptions)MemberwiseClone();
        copy.Owner = null;
        return copy;
    }

    /// <summary>Copies the learning rates and every hyperparameter (not the warmup or the rules) from <paramref name="o"/>, an instance of the same type.</summary>
    /// <param name="o">The source.</param>
    internal void CopyHyperparametersFrom(AdaptiveOptions o)
    {
        InitialLearningRate = o.InitialLearningRate;
        foreach (var field in Fields)
        {
            field.Copy(this, o);
        }
    }

    /// <summary>Sets every unset option from <paramref name="defaults"/>.</summary>
    /// <param name="defaults">Fully set options to inherit from.</param>
    internal void InheritFrom(AdaptiveOptions defaults)
    {
        foreach (var field in Fields)
        {
            field.Inherit(this, defaults);
        }

        Warmup ??= defaults.Warmup;
        Rules ??= defaults.Rules;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the option and its value when one is out of range, or the chain
    /// cannot be meant (a rule that is not a value, a warmup given as a rule, warmup on warmup).
    /// </summary>
    /// <param name="group">The parameter group these options belong to, or -1 for the optimizer's own options.</param>
    internal virtual void Validate(int group)
    {
        foreach (var field in Fields)
        {
            if (field.Invalid(this) is { } rule)
            {
                throw OptionError(field.Name, $"Invalid {field.Name} = {field.Show(this)} ({Where(group)}): {rule}.");
            }
        }

        foreach (var rule in Rules ?? [])
        {
            CheckRule(rule, group);
        }

        if (StateFormat is { } format && format != Core.Updates.StateFormat.Float32 && KeepsSecondMomentMaximum)
        {
            throw OptionError(nameof(StateFormat), $"{Where(group)} keeps AMSGrad's maximum of v, which needs float32 state; StateFormat = {format} cannot be used with AmsGrad = true.");
        }

        if (Warmup is { } warmup && Owner?.OutsideWarmup is { } outside)
        {
            throw OptionError(nameof(Warmup), $"{Where(group)} warms up inside the step (Warmup = {warmup}) while {outside} also warms up its learning rate: the step would apply both. Use one of them.");
        }
    }

    /// <summary>Why a checkpoint's chain is not this group's (naming both), or null when they are the same.</summary>
    /// <param name="saved">The chain names the checkpoint holds.</param>
    /// <param name="source">What holds them, for the message ("the checkpoint", "the source").</param>
    internal string? MismatchedChain(IReadOnlyList<string> saved, string source)
    {
        var here = ChainNames;
        return saved.SequenceEqual(here)
            ? null
            : $"{source} was saved with the rule chain {Describe(saved)}; this optimizer's is {ChainDescription}. A warmup, RAdam's rectification and the rules are part of the optimizer, like its class: create it with the same ones.";
    }

    /// <summary>Adds the rules this optimizer appends to the shared ones (RAdam's rectification).</summary>
    /// <param name="chain">The chain so far.</param>
    private protected virtual void AddOwnRules(List<IStepRule> chain)
    {
    }

    /// <summary>Throws an <see cref="ArgumentException"/> for <paramref name="option"/> unless <paramref name="ok"/>.</summary>
    /// <param name="ok">The condition (false for NaN comparisons too).</param>
    /// <param name="option">The option's name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="rule">What it must satisfy.</param>
    /// <param name="group">The parameter group, or -1 for the optimizer's options.</param>
    private protected static void Check<T>(bool ok, string option, T value, string rule, int group)
    {
        if (!ok)
        {
            throw OptionError(option, $"Invalid {option} = {value} ({Where(group)}): {rule}.");
        }
    }

    /// <summary>An <see cref="ArgumentException"/> whose ParamName is the option's name.</summary>
    /// <param name="option">The option's name.</param>
    /// <param name="message">The message.</param>
    private protected static ArgumentException OptionError(string option, string message) => new(message, option);

    /// <summary>"parameter group N", or "optimizer options" for -1.</summary>
    /// <param name="group">The parameter group, or -1.</param>
    private protected static string Where(int group) => group < 0 ? "optimizer options" : $"parameter group {group}";

    private static string Describe(IEnumerable<IStepRule> chain) => $"[{string.Join(", ", chain.Select(StepRules.Display))}]";

    private static string Describe(IEnumerable<string> names) => $"[{string.Join(", ", names.Select(n => n.Contains(": ", StringComparison.Ordinal) ? n[(n.IndexOf(": ", StringComparison.Ordinal) + 2)..] : n[(n.LastIndexOf('.') + 1)..]))}]";

    // A rule must be a value, and not one the chain already has (the warmup goes through Warmup, at its place).
    private static void CheckRule(IStepRule? rule, int group)
    {
        string where = $"Rules of {Where(group)}";
        if (rule is null)
        {
            throw OptionError(nameof(Rules), $"{where}: a rule is null.");
        }

        if (rule is ApplyWarmup warmup)
        {
            throw OptionError(nameof(Rules), $"{where}: {warmup} is a warmup given as a rule; give it as Warmup = {warmup.Schedule} (or optimizer.WithWarmup(...)), which applies it before weight decay like every warmup.");
        }

        if (rule is ScaleByAdam or MaximizeObjective or AddWeightDecay or Rectify)
        {
            throw OptionError(nameof(Rules), $"{where}: {StepRules.Display(rule)} is already part of every chain (from the options); remove it from Rules.");
        }

        try
        {
            StepRules.CheckIsValue(rule, where);
        }
        catch (ArgumentException e)
        {
            throw OptionError(nameof(Rules), e.Message);
        }
    }
}
