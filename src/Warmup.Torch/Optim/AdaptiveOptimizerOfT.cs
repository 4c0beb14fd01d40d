using TorchSharp.Modules;

namespace Warmup.Torch.Optim;

/// <summary>An <see cref="AdaptiveOptimizer"/> with options of type <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class AdaptiveOptimizer<TOptions> : AdaptiveOptimizer
    where TOptions : AdaptiveOptions, new()
{
    /// <summary>Creates the optimizer over <paramref name="groups"/>.</summary>
    /// <param name="groups">Parameter groups; their unset options inherit <paramref name="options"/>.</param>
    /// <param name="options">The optimizer's options; unset properties take <paramref name="defaults"/>.</param>
    /// <param name="defaults">The class's documented defaults, every property set.</param>
    /// <param name="names">Optional parameter names, used in error messages.</param>
    /// <exception cref="ArgumentException">An option is out of range, a parameter appears twice, or there is no parameter.</exception>
    private protected AdaptiveOptimizer(IEnumerable<ParamGroup> groups, TOptions? options, TOptions defaults, IReadOnlyDictionary<IntPtr, string>? names = null)
        : base(Resolve(options, defaults), names)
    {
        ArgumentNullException.ThrowIfNull(groups);
        foreach (var group in groups)
        {
            AddGroup(group);
        }

        if (_state.Count == 0)
        {
            throw new ArgumentException($"{GetType().Name} got no parameters to optimize.", nameof(groups));
        }
    }

    /// <summary>The optimizer-level options every group inherits from.</summary>
    public TOptions Options => (TOptions)_defaults;

    /// <summary>The parameter groups, in order.</summary>
    public IReadOnlyList<AdaptiveParamGroup<TOptions>> Groups => _parameter_groups.Cast<AdaptiveParamGroup<TOptions>>().ToList();

    /// <summary>
    /// Adds a parameter group. Its options must be <typeparamref name="TOptions"/> (or null); unset properties
    /// inherit the optimizer's. A group that is not an <see cref="AdaptiveParamGroup{TOptions}"/> is stored as one.
    /// </summary>
    /// <param name="param_group">The group.</param>
    /// <exception cref="ArgumentException">An option is out of range or a parameter is already optimized.</exception>
#pragma warning disable CA1725 // Keeps TorchSharp's parameter name.
    public override void add_param_group(ParamGroup param_group) => AddGroup(param_group);
#pragma warning restore CA1725

    private static TOptions Resolve(TOptions? options, TOptions defaults)
    {
        var resolved = options ?? new TOptions();
        resolved.InheritFrom(defaults);
        resolved.InitialLearningRate = resolved.LearningRate!.Value;
        resolved.Validate(-1);
        return resolved;
    }

    private void AddGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        int index = _parameter_groups.Count;
        var options = group.Options switch
        {
            null => new TOptions(),
            TOptions o when o.Owner is null => o,
            TOptions o => (TOptions)o.CloneUnowned(), // already a group's options: each group owns its own
            var other => throw new ArgumentException($"Parameter group {index} has options of type {other.GetType().Name}; {GetType().Name} takes {typeof(TOptions).Name}.", nameof(group)),
        };
        options.InheritFrom(Options);
        options.InitialLearningRate = options.LearningRate!.Value;
        options.Validate(index);
        var parameters = (group.Parameters ?? throw new ArgumentException($"Parameter group {index} has no parameter list.", nameof(group))).ToList();
        // A group object that already belongs to an optimizer (its options were cloned above) is not reused: each
        // optimizer keeps its own group, so loading or stepping one never reaches the other.
        var stored = group is AdaptiveParamGroup<TOptions> g && ReferenceEquals(g.Options, options)
            ? g
            : new AdaptiveParamGroup<TOptions>(parameters, options);
        stored.Options = options;
        AddValidatedGroup(stored, parameters);
    }
}
