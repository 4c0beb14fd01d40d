using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>Converting the moments between state formats on request.</summary>
public abstract partial class AdaptiveOptimizer
{
    /// <summary>
    /// Sets every group's <see cref="AdaptiveOptions.StateFormat"/> to <paramref name="format"/> and converts every
    /// parameter's moments to it now (a tensor under <see cref="StateFormats.MinimumElements"/> elements keeps float32):
    /// say, after loading a float32 checkpoint into an optimizer meant for 8-bit state, or to save one in float32 for an
    /// optimizer that keeps float32 state. Converting to float32 is exact; to bfloat16 it rounds to nearest; to 8-bit it
    /// quantizes as a step does. Every group and parameter is checked first; on error nothing changes.
    /// </summary>
    /// <param name="format">The format.</param>
    /// <exception cref="ArgumentException">A group keeps AMSGrad's maximum, or a parameter the format would apply to cannot use the fused kernel; nothing changed.</exception>
    public void ConvertState(StateFormat format)
    {
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown state format.");
        }

        for (int gi = 0; gi < _parameter_groups.Count; gi++)
        {
            var options = (AdaptiveOptions)_parameter_groups[gi].Options;
            var staged = options.CloneUnowned();
            staged.StateFormat = format;
            staged.Validate(gi);
            int pi = 0;
            foreach (var p in _parameter_groups[gi].Parameters)
            {
                using var grad = p.grad;
                StepChecks.CheckFormat(this, gi, pi++, p, grad ?? p, StateOf(p), format);
            }
        }

        using (no_grad())
        {
            foreach (var group in _parameter_groups)
            {
                ((AdaptiveOptions)group.Options).StateFormat = format;
                foreach (var p in group.Parameters)
                {
                    StateOf(p).UseFormat(format);
                }
            }
        }
    }
}
