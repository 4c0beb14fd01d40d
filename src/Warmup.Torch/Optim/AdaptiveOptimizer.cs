using TorchSharp.Modules;
using Warmup.Core.Threading;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Optim;

/// <summary>
/// The machinery shared by <see cref="Adam"/>, <see cref="AdamW"/> and <see cref="RAdam"/>: a TorchSharp
/// <see cref="OptimizerHelper"/> (so every <c>torch.optim.lr_scheduler</c>, <c>state_dict</c>,
/// <c>load_state_dict</c> and save/load work) with per-group options, per-parameter state, and a step that
/// updates every contiguous float32 CPU parameter with one fused SIMD pass spread across cores.
/// </summary>
/// <remarks>
/// Subclasses supply only the per-step scalars of their update rule (see <see cref="Core.Updates.UpdateRule"/>); the
/// element-wise pass is shared. A step first checks every group and gradient and only then changes anything, so a
/// bad option or a sparse gradient leaves parameters and state as they were.
/// </remarks>
public abstract partial class AdaptiveOptimizer : OptimizerHelper, IBetas
{
    private readonly FusedBatch _batch = new();
    private readonly FusedBatch _preview = new(preview: true);
    private readonly GradientCheck _check = new();
    private readonly List<Pending> _pending = [];
    private readonly Dictionary<IntPtr, string> _names = [];
    private int _maxThreads = ChunkRunner.Shared.Threads;
    private BinaryReader? _loadingReader;
    private int _recordsToAcknowledge;

    /// <summary>Sets the optimizer-level options (already resolved and validated) and parameter names.</summary>
    /// <param name="options">The optimizer's options, every property set.</param>
    /// <param name="names">Optional parameter names, used in error messages.</param>
    private protected AdaptiveOptimizer(AdaptiveOptions options, IReadOnlyDictionary<IntPtr, string>? names)
    {
        TorchSharpRuntime.EnsureLoadable();
        _defaults = options;
        _parameter_groups = [];
        foreach (var (handle, name) in names ?? new Dictionary<IntPtr, string>())
        {
            _names[handle] = name;
        }
    }

    /// <summary>
    /// Use the fused SIMD kernel where possible (default true). False sends every parameter through the tensor-op
    /// path, which computes the same formula with TorchSharp operations.
    /// </summary>
    public bool UseFusedKernel { get; set; } = true;

    /// <summary>
    /// Most threads a fused step may use, the caller included (default: all logical processors). A step never uses
    /// more threads than libtorch (<c>torch.get_num_threads()</c>): it runs on libtorch's own threads where it can.
    /// </summary>
    public int MaxThreads
    {
        get => _maxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxThreads = value;
        }
    }

    /// <summary>
    /// What <see cref="zero_grad"/> does: true (the default, as in PyTorch 2 and TorchSharp's <c>Module.zero_grad</c>)
    /// removes every gradient, so that the next backward pass writes a fresh one instead of adding into zeros (which
    /// saves a pass over every gradient to zero it and another to add into it); false fills the gradients with zeros,
    /// as TorchSharp's own optimizers do. The two give the same update when every parameter gets a gradient in every
    /// backward pass; a parameter that gets none (a branch the model did not use) is skipped by a step after removal
    /// (no decay, no momentum move, its step count unchanged), while after zeroing it takes a step with a zero
    /// gradient, as in PyTorch.
    /// </summary>
    public bool ZeroGradSetsToNone { get; set; } = true;

    /// <summary>Removes the gradients of every parameter, or fills them with zeros (see <see cref="ZeroGradSetsToNone"/>).</summary>
    public override void zero_grad()
    {
        if (!ZeroGradSetsToNone)
        {
            base.zero_grad();
            return;
        }

        foreach (var group in _parameter_groups)
        {
            foreach (var p in group.Parameters)
            {
                p.grad = null;
            }
        }
    }

    /// <summary>
    /// How the last step updated the parameters, and the learning rate it applied to each group
    /// (<see cref="StepStatistics.LearningRate"/>: what to log). Before the first step, a statistics object with no groups.
    /// </summary>
    public StepStatistics LastStep { get; private set; } = new();

    /// <summary>
    /// Skip the whole step when any gradient of the step holds NaN or infinity: no parameter, moment or step count
    /// changes, <see cref="StepStatistics.Skipped"/> is set and <see cref="SkippedSteps"/> counts it (what PyTorch's
    /// fused Adam does with a gradient scaler's <c>found_inf</c>). Default false. Cost: one extra read of every
    /// gradient (a SIMD pass spread over the cores for contiguous float32, a tensor reduction otherwise), about a
    /// seventh of the memory traffic of the fused step; <c>warmup bench optimizers</c> prints it.
    /// </summary>
    public bool SkipNonFiniteSteps { get; set; }

    /// <summary>Steps skipped by <see cref="SkipNonFiniteSteps"/> since this optimizer was created (not saved).</summary>
    public long SkippedSteps { get; private set; }

    /// <summary>
    /// (beta1, beta2) of the optimizer-level options. Setting it sets them for the optimizer and for every group
    /// (TorchSharp's built-in Adam sets only the defaults, which no existing group reads).
    /// </summary>
    public (double, double) Betas
    {
        get => ((AdaptiveOptions)_defaults).Betas;
        set
        {
            ((AdaptiveOptions)_defaults).Betas = value;
            foreach (var group in _parameter_groups)
            {
                ((AdaptiveOptions)group.Options).Betas = value;
            }
        }
    }

    /// <summary>
    /// Set when a <c>LearningRateWarmup</c> or <c>WarmupLR</c> dampens this optimizer's learning rates from outside (its
    /// description, for messages); a group with its own <see cref="AdaptiveOptions.Warmup"/> is then refused.
    /// </summary>
    internal string? OutsideWarmup { get; set; }

    /// <summary>
    /// Sets the warmup of the optimizer-level options and of every group, the schedule of each computed from its
    /// options (e.g. from its beta2); validates all of them first and changes nothing on error.
    /// </summary>
    /// <param name="schedule">The schedule for given options, or null for no warmup.</param>
    internal void SetWarmup(Func<AdaptiveOptions, Core.Schedules.WarmupSchedule?> schedule)
    {
        var all = _parameter_groups.Select(g => (AdaptiveOptions)g.Options).Prepend((AdaptiveOptions)_defaults).ToList();
        var staged = new List<AdaptiveOptions>(all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            var copy = all[i].CloneUnowned();
            copy.Owner = all[i].Owner ?? this;
            copy.Warmup = schedule(all[i]);
            copy.Validate(i - 1);
            staged.Add(copy);
        }

        for (int i = 0; i < all.Count; i++)
        {
            all[i].Warmup = staged[i].Warmup;
        }
    }

    /// <summary>The state of <paramref name="parameter"/>.</summary>
    /// <param name="parameter">A parameter of this optimizer.</param>
    public AdaptiveState StateOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return _state.TryGetValue(parameter.Handle, out var state)
            ? (AdaptiveState)state
            : throw new ArgumentException("That parameter is not optimized by this optimizer.", nameof(parameter));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, state) in _state)
            {
                ((AdaptiveState)state).Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Turns named parameters into a handle-to-name map and a plain parameter list.</summary>
    /// <param name="named">(name, parameter) pairs, as from <c>Module.named_parameters()</c>.</param>
    private protected static (List<Parameter> Parameters, Dictionary<IntPtr, string> Names) Split(IEnumerable<(string Name, Parameter Parameter)> named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var parameters = new List<Parameter>();
        var names = new Dictionary<IntPtr, string>();
        foreach (var (name, parameter) in named)
        {
            parameters.Add(parameter);
            names[parameter.Handle] = name;
        }

        return (parameters, names);
    }

    /// <summary>Stores a group whose options are resolved and validated: checks its parameters and creates their state.</summary>
    /// <param name="group">The group as stored (its options are set).</param>
    /// <param name="parameters">Its parameters, materialized.</param>
    private protected void AddValidatedGroup(ParamGroup group, List<Parameter> parameters)
    {
        int index = _parameter_groups.Count;
        var seen = new HashSet<IntPtr>();
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"Parameter group {index} has a null parameter at position {i}.", nameof(group));
            if (!seen.Add(p.Handle))
            {
                throw new ArgumentException($"{Describe(index, i, p)} appears twice in parameter group {index}.", nameof(group));
            }

            if (_state.ContainsKey(p.Handle))
            {
                throw new ArgumentException($"{Describe(index, i, p)} is already in another parameter group; a parameter may belong to one group only.", nameof(group));
            }
        }

        group.Parameters = parameters;
        ((AdaptiveOptions)group.Options).Owner = this;
        _parameter_groups.Add(group);
        foreach (var p in parameters)
        {
            var state = new AdaptiveState(p, this);
            state.Initialize(group.Options);
            _state[p.Handle] = state;
        }
    }

    /// <summary>The options of the group <paramref name="parameter"/> belongs to, or null.</summary>
    /// <param name="parameter">A parameter.</param>
    internal AdaptiveOptions? GroupOf(Parameter parameter)
    {
        foreach (var g in _parameter_groups)
        {
            if (g.Parameters.Any(p => p.Handle == parameter.Handle))
            {
                return (AdaptiveOptions)g.Options;
            }
        }

        return null;
    }

    /// <summary>A parameter's name or position and shape, for messages.</summary>
    /// <param name="group">Its group.</param>
    /// <param name="position">Its position in the group.</param>
    /// <param name="p">The parameter.</param>
    internal string Describe(int group, int position, Parameter p) =>
        _names.TryGetValue(p.Handle, out var name)
            ? $"Parameter '{name}' (group {group}, shape [{string.Join(", ", p.shape)}])"
            : $"Parameter {position} of group {group} (shape [{string.Join(", ", p.shape)}], {p.dtype})";
}
