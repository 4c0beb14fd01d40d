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
/// is the inherited <see cref="OptimizerOptions.LearningRate"/>.
/// </remarks>
public abstract class AdaptiveOptions : OptimizerOptions
{
    private WarmupSchedule? _warmup;
    private (WarmupKind, double?, double, RAdamEarlySteps) _warmupKey;
    private IStepRule[]? _chain;
    private IStatefulRule[] _statefulRules = [];
    private (WarmupSchedule, IReadOnlyList<IStepRule>?, (double, double)) _chainKey;

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
    /// True: decoupled weight decay <c>p *= 1 - lr * wd</c> before the step (Loshchilov and Hutter; AdamW);
    /// false: L2 penalty <c>g += wd * p</c>, which then passes through the moments. Default false (AdamW: true).
    /// </summary>
    public bool? DecoupledWeightDecay { get; set; }

    /// <summary>Maximize the objective instead of minimizing it. Default false.</summary>
    public bool? Maximize { get; set; }

    /// <summary>
    /// Warmup applied inside the step: the learning rate used at the parameter's step t is
    /// <c>LearningRate * omega_t</c>, whatever a scheduler set <c>LearningRate</c> to (like pytorch_warmup's dampening,
    /// and saved with the optimizer since t is the parameter's own step count). The untuned and RAdam kinds take
    /// beta2 from this group. Default <see cref="WarmupKind.None"/>. See <c>WarmupExtensions</c> for one-liners.
    /// </summary>
    public WarmupKind? Warmup { get; set; }

    /// <summary>The period tau of <see cref="WarmupKind.Linear"/> and <see cref="WarmupKind.Exponential"/> warmup (unused otherwise).</summary>
    public double? WarmupTau { get; set; }

    /// <summary>The factor before rectification for <see cref="WarmupKind.RAdam"/> warmup. Default <see cref="RAdamEarlySteps.Zero"/>.</summary>
    public RAdamEarlySteps? WarmupEarlySteps { get; set; }

    /// <summary>
    /// Rules applied after the optimizer's own (<see cref="IStepRule"/>, in order): a variant of the update that
    /// changes only per-step scalars, such as one of <c>Warmup.Core.Updates.Rules</c> or your own. The optimizer's
    /// own chain is <see cref="ScaleByAdam"/>, <see cref="ApplyWarmup"/> (with a warmup), <see cref="MaximizeObjective"/>,
    /// <see cref="AddWeightDecay"/>, then <see cref="FreezeFirstMoment"/> (Adam-2k) or <see cref="Rectify"/> (RAdam).
    /// Default none.
    /// </summary>
    public IReadOnlyList<IStepRule>? Rules { get; set; }

    /// <summary>
    /// Sets the defaults every Adam-family optimizer shares, PyTorch's Adam's: LearningRate 1e-3, Beta1 0.9, Beta2
    /// 0.999, Eps 1e-8 (added after bias correction), WeightDecay 0 (L2 form), Maximize false, no warmup (early steps
    /// Zero). Each optimizer's <c>Defaults</c> starts from these and adds its own.
    /// </summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="options">Options holding the optimizer's own defaults.</param>
    internal static T WithSharedDefaults<T>(T options)
        where T : AdaptiveOptions
    {
        options.LearningRate = 1e-3;
        options.Beta1 = 0.9;
        options.Beta2 = 0.999;
        options.Eps = 1e-8;
        options.EpsBeforeBiasCorrection = false;
        options.WeightDecay = 0.0;
        options.DecoupledWeightDecay = false;
        options.Maximize = false;
        options.Warmup = WarmupKind.None;
        options.WarmupEarlySteps = RAdamEarlySteps.Zero;
        options.Rules = [];
        return options;
    }

    /// <summary>Whether a step keeps AMSGrad's running maximum of v (only <see cref="AdamOptions.AmsGrad"/> asks for it).</summary>
    internal virtual bool KeepsSecondMomentMaximum => false;

    /// <summary>(beta1, beta2), for TorchSharp's <see cref="TorchSharp.torch.optim.IBetas"/>.</summary>
    internal (double Beta1, double Beta2) Betas
    {
        get => (Beta1!.Value, Beta2!.Value);
        set => (Beta1, Beta2) = value;
    }

    /// <summary>The warmup schedule this group's options describe (rebuilt only when they change).</summary>
    internal WarmupSchedule WarmupSchedule
    {
        get
        {
            var key = (Warmup!.Value, WarmupTau, Beta2!.Value, WarmupEarlySteps!.Value);
            if (_warmup is null || _warmupKey != key)
            {
                _warmup = WarmupSchedule.Create(key.Item1, key.WarmupTau, key.Item3, key.Item4);
                _warmupKey = key;
            }

            return _warmup;
        }
    }

    /// <summary>The resolved hyperparameters of this group, as set (the rules apply warmup and the rest).</summary>
    internal AdaptiveHyperparameters Hyperparameters => new(
        LearningRate!.Value, Beta1!.Value, Beta2!.Value, Eps!.Value, WeightDecay!.Value, DecoupledWeightDecay!.Value, Maximize!.Value, EpsBeforeBiasCorrection!.Value);

    /// <summary>This group's rule chain: the shared rules, the optimizer's own, then <see cref="Rules"/> (rebuilt only when they change).</summary>
    internal IReadOnlyList<IStepRule> Chain
    {
        get
        {
            var key = (WarmupSchedule, Rules, OwnRulesKey);
            if (_chain is null || _chainKey != key)
            {
                var chain = new List<IStepRule> { ScaleByAdam.Instance };
                if (key.Item1 != Core.Schedules.WarmupSchedule.None)
                {
                    chain.Add(new ApplyWarmup(key.Item1));
                }

                chain.Add(MaximizeObjective.Instance);
                chain.Add(AddWeightDecay.Instance);
                AddOwnRules(chain);
                chain.AddRange(Rules ?? []);
                (_chain, _chainKey, _statefulRules) = (chain.ToArray(), key, chain.OfType<IStatefulRule>().ToArray());
            }

            return _chain;
        }
    }

    /// <summary>Numbers of rule state each parameter of this group keeps (<see cref="IStatefulRule"/>); 0 when no rule keeps state.</summary>
    internal int RuleStateLength => RuleChain.StateLength(StatefulRules);

    /// <summary>The stateful rules of <see cref="Chain"/>, in order (built with it, so that a step does not search the chain).</summary>
    internal IStatefulRule[] StatefulRules
    {
        get
        {
            _ = Chain;
            return _statefulRules;
        }
    }

    /// <summary>The values the optimizer's own rules are built from, so that the chain is rebuilt when they change.</summary>
    private protected virtual (double, double) OwnRulesKey => default;

    /// <summary>Adds the rules this optimizer appends to the shared ones (Adam-2k's freeze, RAdam's rectification).</summary>
    /// <param name="chain">The chain so far.</param>
    private protected virtual void AddOwnRules(List<IStepRule> chain)
    {
    }

    /// <summary>The optimizer whose parameter group these options are, or null.</summary>
    internal AdaptiveOptimizer? Owner { get; set; }

    /// <summary>
    /// Writes these options as one record of Warmup's checkpoint format (<see cref="CheckpointFormat"/>: a marker, the
    /// format version, the options type, the group's parameter count, then every option).
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
    /// before changing anything (see <see cref="AdaptiveOptimizer"/>); standalone options read one record, check it,
    /// and only then take its values.
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
        CopyFrom(staged);
    }

    /// <summary>Takes every option of <paramref name="source"/> (options of the same type), after checking them; nothing changes on error.</summary>
    /// <param name="source">The options to copy.</param>
    /// <exception cref="ArgumentException">The source has another options type or an invalid value.</exception>
    public override void LoadStateDict(OptimizerOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.GetType() != GetType())
        {
            throw new ArgumentException($"Cannot load {GetType().Name} from {source.GetType().Name}.", nameof(source));
        }

        var staged = CloneUnowned();
        staged.CopyFrom((AdaptiveOptions)source);
        staged.Validate(-1);
        CopyFrom(staged);
    }

    /// <summary>A copy of these options that belongs to no optimizer.</summary>
    internal AdaptiveOptions CloneUnowned()
    {
        var copy = (AdaptiveOptions)MemberwiseClone();
        copy.Owner = null;
        return copy;
    }

    /// <summary>Copies every option (the learning rates included) from <paramref name="o"/>, an instance of the same type.</summary>
    /// <param name="o">The source.</param>
    internal virtual void CopyFrom(AdaptiveOptions o)
    {
        (InitialLearningRate, LearningRate) = (o.InitialLearningRate, o.LearningRate);
        (Beta1, Beta2, Eps, WeightDecay, DecoupledWeightDecay, Maximize) = (o.Beta1, o.Beta2, o.Eps, o.WeightDecay, o.DecoupledWeightDecay, o.Maximize);
        (Warmup, WarmupTau, WarmupEarlySteps, EpsBeforeBiasCorrection, Rules) = (o.Warmup, o.WarmupTau, o.WarmupEarlySteps, o.EpsBeforeBiasCorrection, o.Rules);
    }

    /// <summary>Writes the options after the learning rates, in the order of format versions 0 and 1.</summary>
    /// <param name="writer">The writer.</param>
    internal virtual void WriteFields(BinaryWriter writer)
    {
        writer.Write(Beta1!.Value);
        writer.Write(Beta2!.Value);
        writer.Write(Eps!.Value);
        writer.Write(WeightDecay!.Value);
        writer.Write(DecoupledWeightDecay!.Value);
        writer.Write(Maximize!.Value);
        writer.Write((int)Warmup!.Value);
        writer.Write(WarmupTau.HasValue);
        writer.Write(WarmupTau ?? 0.0);
        writer.Write((int)WarmupEarlySteps!.Value);
        writer.Write(EpsBeforeBiasCorrection!.Value);
    }

    /// <summary>Reads what <see cref="WriteFields"/> wrote.</summary>
    /// <param name="reader">The reader.</param>
    internal virtual void ReadFields(BinaryReader reader)
    {
        Beta1 = reader.ReadDouble();
        Beta2 = reader.ReadDouble();
        Eps = reader.ReadDouble();
        WeightDecay = reader.ReadDouble();
        DecoupledWeightDecay = reader.ReadBoolean();
        Maximize = reader.ReadBoolean();
        Warmup = (WarmupKind)reader.ReadInt32();
        bool hasTau = reader.ReadBoolean();
        double tau = reader.ReadDouble();
        WarmupTau = hasTau ? tau : null;
        WarmupEarlySteps = (RAdamEarlySteps)reader.ReadInt32();
        EpsBeforeBiasCorrection = reader.ReadBoolean();
    }

    /// <summary>Sets every null property from <paramref name="defaults"/>.</summary>
    /// <param name="defaults">Fully set options to inherit from.</param>
    internal virtual void InheritFrom(AdaptiveOptions defaults)
    {
        LearningRate ??= defaults.LearningRate;
        Beta1 ??= defaults.Beta1;
        Beta2 ??= defaults.Beta2;
        Eps ??= defaults.Eps;
        EpsBeforeBiasCorrection ??= defaults.EpsBeforeBiasCorrection;
        WeightDecay ??= defaults.WeightDecay;
        DecoupledWeightDecay ??= defaults.DecoupledWeightDecay;
        Maximize ??= defaults.Maximize;
        Warmup ??= defaults.Warmup;
        WarmupTau ??= defaults.WarmupTau;
        WarmupEarlySteps ??= defaults.WarmupEarlySteps;
        Rules ??= defaults.Rules;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option and its value when one is out of range.</summary>
    /// <param name="group">The parameter group these options belong to, or -1 for the optimizer's own options.</param>
    internal virtual void Validate(int group)
    {
        Check(LearningRate!.Value is >= 0 and < double.PositiveInfinity, nameof(LearningRate), LearningRate, "must be finite and >= 0", group);
        Check(MomentDecay.IsValid(Beta1!.Value), nameof(Beta1), Beta1, $"must be in {MomentDecay.Range}", group);
        Check(MomentDecay.IsValid(Beta2!.Value), nameof(Beta2), Beta2, $"must be in {MomentDecay.Range}", group);
        Check(Eps!.Value is >= 0 and < double.PositiveInfinity, nameof(Eps), Eps, "must be finite and >= 0", group);
        Check(WeightDecay!.Value is >= 0 and < double.PositiveInfinity, nameof(WeightDecay), WeightDecay, "must be finite and >= 0", group);
        Check(Enum.IsDefined(Warmup!.Value), nameof(Warmup), Warmup, "must be a defined WarmupKind", group);
        Check(Enum.IsDefined(WarmupEarlySteps!.Value), nameof(WarmupEarlySteps), WarmupEarlySteps, "must be a defined RAdamEarlySteps", group);
        try
        {
            _ = WarmupSchedule;
        }
        catch (ArgumentException e)
        {
            throw OptionError(nameof(Warmup), $"Invalid {nameof(Warmup)} = {Warmup} ({Where(group)}): {e.Message}");
        }
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
}
