using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>The checks a step makes on every parameter with a gradient before it changes anything.</summary>
internal static class StepChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter when its gradient or state cannot be used.</summary>
    /// <param name="optimizer">The optimizer (for names in messages).</param>
    /// <param name="group">The parameter's group.</param>
    /// <param name="position">Its position in the group.</param>
    /// <param name="p">The parameter.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="s">Its state.</param>
    public static void Check(AdaptiveOptimizer optimizer, int group, int position, Parameter p, Tensor g, AdaptiveState s)
    {
        if (g.is_sparse)
        {
            throw new ArgumentException(
                $"{optimizer.Describe(group, position, p)} has a sparse gradient; {optimizer.GetType().Name} supports dense gradients only " +
                "(use a dense embedding, or TorchSharp's SparseAdam for that parameter). Nothing was changed.");
        }

        if (g.dtype != p.dtype)
        {
            throw new ArgumentException($"{optimizer.Describe(group, position, p)} has a {g.dtype} gradient; it must be {p.dtype} like the parameter. Nothing was changed.");
        }

        if (!SameDevice(g, p) || !SameDevice(s.ExpAvg, p))
        {
            throw new ArgumentException(
                $"{optimizer.Describe(group, position, p)} is on {p.device}, its gradient on {g.device} and its state on {s.ExpAvg.device}; " +
                "they must share a device (after moving the model, call the optimizer's to(device)). Nothing was changed.");
        }

        if (!SameShape(g, p))
        {
            throw new ArgumentException($"{optimizer.Describe(group, position, p)} has a gradient of shape [{string.Join(", ", g.shape)}]; it must have the parameter's shape. Nothing was changed.");
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the parameter's group stores its state in a format other than float32
    /// that this parameter would take (it has enough elements) but the fused kernel cannot run on it.
    /// </summary>
    public static void CheckFormat(AdaptiveOptimizer optimizer, int group, int position, Parameter p, Tensor g, AdaptiveState s, Core.Updates.StateFormat format)
    {
        var target = s.FormatIn(format);
        if (target == Core.Updates.StateFormat.Float32)
        {
            return;
        }

        long n = p.numel();
        string? why = !optimizer.UseFusedKernel ? "UseFusedKernel is false"
            : !FusedBatch.IsEligible(p, n) ? $"it is {p.dtype}{(p.device_type == TorchSharp.DeviceType.CPU ? string.Empty : $" on {p.device}")}{(p.is_contiguous() ? string.Empty : ", not contiguous")}"
            : !FusedBatch.IsEligible(g, n) ? $"its gradient is {g.dtype}{(g.is_contiguous() ? string.Empty : ", not contiguous")}"
            : null;
        if (why is not null)
        {
            throw new ArgumentException(
                $"{optimizer.Describe(group, position, p)}: StateFormat = {format} needs the fused kernel (contiguous float32 parameters and gradients on the CPU), and {why}. " +
                "Use StateFormat = Float32 for this parameter's group. Nothing was changed.");
        }
    }

    // Compared through cheap native getters: TorchSharp's device and shape properties allocate and cost 0.2 and 3 µs
    // (measured), which over a model's parameters added tens of µs to every step.
    private static bool SameDevice(Tensor a, Tensor b) => a.device_type == b.device_type && a.device_index == b.device_index;

    private static bool SameShape(Tensor a, Tensor b)
    {
        long n = a.ndim;
        if (n != b.ndim)
        {
            return false;
        }

        for (int d = 0; d < n; d++)
        {
            if (a.size(d) != b.size(d))
            {
                return false;
            }
        }

        return true;
    }
}
