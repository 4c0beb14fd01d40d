using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Methods;

/// <summary>
/// SGD with heavy-ball momentum, the experiments' baseline, with PyTorch's and TorchSharp's arithmetic (the same
/// operations in the same order: g += wd p for L2, buf = g on the first step and buf = momentum buf + g after,
/// p -= lr buf) and, with decoupled weight decay, p = (1 - lr wd) p after the step (Loshchilov and Hutter's SGDW).
/// Written here rather than taken from TorchSharp because TorchSharp's <c>SGD.step</c> creates Scalars it does not
/// keep alive during the native calls (see DEVELOPERS.md, TorchSharp object lifetimes); every Scalar here is held.
/// </summary>
internal sealed class MomentumSgd : OptimizerHelper
{
    private readonly List<Parameter> _parameters;
    private readonly Dictionary<IntPtr, Tensor> _buffers = [];
    private readonly double _momentum;
    private readonly double _weightDecay;
    private readonly bool _decoupled;

    /// <summary>Creates the optimizer over one group.</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="lr">Learning rate (the group's, which schedulers may change).</param>
    /// <param name="momentum">Heavy-ball momentum, in [0, 1); 0 for plain SGD.</param>
    /// <param name="weightDecay">Weight decay, at least 0.</param>
    /// <param name="decoupled">Decoupled (after the step) instead of L2 (in the gradient).</param>
    public MomentumSgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay, bool decoupled)
    {
        _parameters = [.. parameters];
        (_momentum, _weightDecay, _decoupled) = (momentum, weightDecay, decoupled);
        _defaults = new OptimizerOptions { LearningRate = lr };
        _parameter_groups = [new ParamGroup<OptimizerOptions>(_parameters, new OptimizerOptions { LearningRate = lr })];
    }

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
        {
            using var enable = enable_grad();
            loss = closure();
        }

        double lr = _parameter_groups[0].Options.LearningRate!.Value;
        using var noGrad = no_grad();
        using var one = 1.0.ToScalar();
        using var momentum = _momentum.ToScalar();
        using var l2 = _weightDecay.ToScalar();
        using var minusLr = (-lr).ToScalar();
        using var decay = (1 - (lr * _weightDecay)).ToScalar();
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            if (grad is null)
            {
                continue;
            }

            using var withL2 = !_decoupled && _weightDecay != 0 ? grad.add(p, l2) : null;
            var d = withL2 ?? grad;
            if (_momentum != 0)
            {
                if (_buffers.TryGetValue(p.Handle, out var buffer))
                {
                    buffer.mul_(momentum).add_(d, one);
                }
                else
                {
                    // Kept across steps: out of any dispose scope the caller has open (no graph to detach from under no_grad).
                    buffer = _buffers[p.Handle] = d.clone().DetachFromDisposeScope();
                }

                d = buffer;
            }

            p.add_(d, minusLr);
            if (_decoupled && _weightDecay != 0)
            {
                p.mul_(decay);
            }
        }

        return loss!;
    }

    /// <summary>Saves the momentum buffers: per parameter, in order, whether it has one, then the buffer.</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var writer = new BinaryWriter(stream);
        writer.Write(_parameters.Count);
        foreach (var p in _parameters)
        {
            bool has = _buffers.TryGetValue(p.Handle, out var buffer);
            writer.Write(has);
            if (has)
            {
                buffer!.Save(writer);
            }
        }
    }

    /// <summary>Loads buffers saved by <see cref="Save"/> for the same parameters; a file for other parameters is refused before anything changes.</summary>
    /// <param name="path">The file.</param>
    public void Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        int count = reader.ReadInt32();
        if (count != _parameters.Count)
        {
            throw new InvalidDataException($"{path} holds SGD state for {count} parameters; this model has {_parameters.Count}.");
        }

        var loaded = new Dictionary<IntPtr, Tensor>();
        try
        {
            using var noGrad = no_grad();
            foreach (var p in _parameters)
            {
                if (reader.ReadBoolean())
                {
                    var buffer = zeros_like(p).DetachFromDisposeScope();
                    loaded[p.Handle] = buffer;
                    buffer.Load(reader);
                }
            }
        }
        catch
        {
            foreach (var b in loaded.Values)
            {
                b.Dispose();
            }

            throw;
        }

        foreach (var b in _buffers.Values)
        {
            b.Dispose();
        }

        _buffers.Clear();
        foreach (var (handle, buffer) in loaded)
        {
            _buffers[handle] = buffer;
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var b in _buffers.Values)
            {
                b.Dispose();
            }

            _buffers.Clear();
        }

        base.Dispose(disposing);
    }
}
