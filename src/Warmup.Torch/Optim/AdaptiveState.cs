using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Optim;

/// <summary>
/// Per-parameter state of <see cref="Adam"/>, <see cref="AdamW"/> and <see cref="RAdam"/>: the step count and the
/// moment estimates. Each parameter owns its state; nothing is shared between parameters or groups.
/// </summary>
public sealed class AdaptiveState : OptimizerState, IDisposable
{
    internal AdaptiveState(Parameter parameter)
        : base(parameter)
    {
    }

    /// <summary>Steps taken by this parameter (steps where it had no gradient are not counted, as in PyTorch).</summary>
    public long Step { get; internal set; }

    /// <summary>First moment m (contiguous, the parameter's shape, dtype and device).</summary>
    public Tensor ExpAvg { get; private set; } = null!;

    /// <summary>Second moment v.</summary>
    public Tensor ExpAvgSq { get; private set; } = null!;

    /// <summary>AMSGrad's running maximum of v; null when AMSGrad is off.</summary>
    public Tensor? MaxExpAvgSq { get; private set; }

    internal Parameter Parameter => _parameter;

    /// <inheritdoc />
    public override void Initialize(OptimizerOptions options)
    {
        DisposeTensors();
        Step = 0;

        // Always contiguous (zeros_like would copy a non-contiguous parameter's strides), so the state can be
        // saved and, for a contiguous float32 parameter, updated by the fused kernel.
        ExpAvg = Zeros();
        ExpAvgSq = Zeros();
        MaxExpAvgSq = null;
        UseAmsGrad(options is AdamOptions { AmsGrad: true });
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
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Step = reader.ReadInt64();
        ExpAvg.Load(reader);
        ExpAvgSq.Load(reader);
        var max = MaxExpAvgSq;
        LoadConditionalStateTensor(reader, ref max, _parameter.device);
        MaxExpAvgSq = max?.DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerState source)
    {
        if (source is not AdaptiveState s)
        {
            throw new ArgumentException($"Cannot load {nameof(AdaptiveState)} from {source?.GetType().Name ?? "null"}.", nameof(source));
        }

        using (no_grad())
        {
            Step = s.Step;
            ExpAvg.copy_(s.ExpAvg);
            ExpAvgSq.copy_(s.ExpAvgSq);
            MaxExpAvgSq?.Dispose();
            MaxExpAvgSq = s.MaxExpAvgSq?.to(_parameter.device, copy: true).DetachFromDisposeScope();
        }
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

    private static Tensor Move(Tensor t, Device device)
    {
        var moved = t.to(device).contiguous().DetachFromDisposeScope();
        if (!ReferenceEquals(moved, t))
        {
            t.Dispose();
        }

        return moved;
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
