using Warmup.Core.Schedules;
using static TorchSharp.torch;

namespace Warmup.Torch.Schedules;

/// <summary>
/// Warmup by dampening, for any TorchSharp optimizer (pytorch_warmup's design): it multiplies whatever learning rate
/// the main scheduler set by the warmup factor omega_t, per parameter group.
/// <code>
/// var warmup = new LearningRateWarmup(optimizer, WarmupSchedule.UntunedLinear);   // tau from each group's beta2
/// for (...) {
///     ...; optimizer.step();
///     using (warmup.Dampening()) scheduler.step();   // or warmup.Step() with no scheduler
/// }
/// </code>
/// Inside <see cref="Dampening"/> the groups hold their undampened rates, so chainable schedulers (ExponentialLR,
/// StepLR, ...) compute from those; on leaving it, the rates the schedulers set are remembered and multiplied by the
/// factor of the next step. On construction the groups get omega_1.
/// </summary>
/// <remarks>
/// Use this for optimizers other than Warmup's, or to dampen a chain of schedulers. With Warmup's own optimizers,
/// <c>optimizer.WithUntunedLinearWarmup()</c> does the same inside the step; around one of them that has a warmup of
/// its own this refuses to start (warmup on warmup), and a warmup given to it afterwards is refused. Use <see cref="WarmupLR"/> to run warmup as
/// a scheduler of its own, e.g. first in a SequentialLR. Save and load this object's state together with the
/// optimizer's (<see cref="Save(BinaryWriter)"/>, <see cref="Load(BinaryReader)"/>). To resume: load the optimizer,
/// create the schedulers, then create the warmup and load its state last (it restores the undampened rates and
/// dampens them for the next step).
/// </remarks>
public sealed class LearningRateWarmup
{
    private const string Format = "Warmup.LearningRateWarmup/1";
    private readonly optim.Optimizer _optimizer;
    private readonly List<WarmupSchedule> _schedules;
    private readonly double[] _undampened;

    /// <summary>A warmup per group from its beta2, e.g. <c>WarmupSchedule.UntunedLinear</c> or <c>b2 =&gt; WarmupSchedule.RAdam(b2)</c>.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to dampen.</param>
    /// <param name="forBeta2">The schedule for a group's beta2.</param>
    /// <exception cref="ArgumentException">A group has no beta2, the schedule is invalid for one, or the optimizer warms up in its own step; nothing changed.</exception>
    public LearningRateWarmup(optim.Optimizer optimizer, Func<double, WarmupSchedule> forBeta2)
        : this(optimizer, () => GroupSchedules.For(optimizer, forBeta2))
    {
    }

    /// <summary>The same warmup schedule for every group.</summary>
    /// <param name="optimizer">The optimizer whose learning rates to dampen.</param>
    /// <param name="schedule">The schedule.</param>
    /// <exception cref="ArgumentException">The optimizer warms up in its own step; nothing changed.</exception>
    public LearningRateWarmup(optim.Optimizer optimizer, WarmupSchedule schedule)
        : this(optimizer, () => GroupSchedules.Same(optimizer, schedule))
    {
    }

    private LearningRateWarmup(optim.Optimizer optimizer, Func<List<WarmupSchedule>> schedules)
    {
        var built = schedules();
        GroupSchedules.Claim(optimizer, "a LearningRateWarmup");
        _optimizer = optimizer;
        _schedules = built;
        _undampened = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        Apply();
    }

    /// <summary>Each group's schedule.</summary>
    public IReadOnlyList<WarmupSchedule> Schedules => _schedules;

    /// <summary>Optimizer steps dampened so far; the groups now hold the rates for step <c>LastStep + 1</c>.</summary>
    public long LastStep { get; private set; }

    /// <summary>The rates the schedulers set, before dampening, per group.</summary>
    public IReadOnlyList<double> UndampenedLearningRates => _undampened;

    /// <summary>
    /// Call after <c>optimizer.step()</c>, around the schedulers' <c>step()</c>: restores the undampened rates now,
    /// and on disposal remembers the rates the schedulers set and dampens them with the next step's factor.
    /// </summary>
    public Scope Dampening()
    {
        CheckGroupCount(_optimizer.ParamGroups.Count());
        int i = 0;
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = _undampened[i++];
        }

        return new Scope(this);
    }

    /// <summary>Advances one step with no scheduler: the same as an empty <see cref="Dampening"/> block.</summary>
    public void Step()
    {
        LastStep++;
        Apply();
    }

    /// <summary>Writes the step count and the undampened rates.</summary>
    /// <param name="writer">The writer.</param>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Format);
        writer.Write(LastStep);
        writer.Write(_undampened.Length);
        foreach (double lr in _undampened)
        {
            writer.Write(lr);
        }
    }

    /// <summary>Reads what <see cref="Save(BinaryWriter)"/> wrote and sets the groups' rates for the next step.</summary>
    /// <param name="reader">The reader.</param>
    /// <exception cref="InvalidDataException">The data is not a warmup state or has another number of groups.</exception>
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var format = reader.ReadString();
        if (format != Format)
        {
            throw new InvalidDataException($"Not a LearningRateWarmup state (found '{format}').");
        }

        long step = reader.ReadInt64();
        int count = reader.ReadInt32();
        if (count != _undampened.Length)
        {
            throw new InvalidDataException($"The saved warmup has {count} parameter groups; this optimizer has {_undampened.Length}.");
        }

        for (int i = 0; i < count; i++)
        {
            _undampened[i] = reader.ReadDouble();
        }

        LastStep = step;
        Apply();
    }

    /// <summary>Saves to a file.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        Save(writer);
    }

    /// <summary>Loads from a file.</summary>
    /// <param name="path">The file.</param>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        Load(reader);
    }

    private void Apply()
    {
        CheckGroupCount(_optimizer.ParamGroups.Count());
        int i = 0;
        foreach (var group in _optimizer.ParamGroups)
        {
            group.LearningRate = _undampened[i] * _schedules[i].Factor(LastStep + 1);
            i++;
        }
    }

    private void Leave()
    {
        CheckGroupCount(_optimizer.ParamGroups.Count());
        int i = 0;
        foreach (var group in _optimizer.ParamGroups)
        {
            _undampened[i++] = group.LearningRate;
        }

        LastStep++;
        Apply();
    }

    private void CheckGroupCount(int count)
    {
        if (count != _undampened.Length)
        {
            throw new InvalidOperationException($"The optimizer had {_undampened.Length} parameter groups when the warmup was created and has {count} now; create the warmup after adding groups.");
        }
    }

    /// <summary>The dampening block; disposing it dampens the schedulers' new rates.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly LearningRateWarmup _owner;

        internal Scope(LearningRateWarmup owner) => _owner = owner;

        /// <inheritdoc />
        public void Dispose() => _owner?.Leave();
    }
}
