using TorchSharp.Modules;
using Warmup.Core.Statistics;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>What a <see cref="Diagnostic"/> may read at a diagnostic step.</summary>
/// <param name="Task">The task (model, data, probe losses).</param>
/// <param name="Settings">The run.</param>
/// <param name="Parameters">The model's parameters, in order.</param>
/// <param name="Optimizer">The run's optimizer.</param>
/// <param name="Median">A reusable median estimator.</param>
internal sealed record DiagnosticContext(TrainingTask Task, TrainSettings Settings, IReadOnlyList<Parameter> Parameters, optim.Optimizer Optimizer, Quantiles Median)
{
    /// <summary>The step's effective learning rate (set for <see cref="Diagnostic.AfterStep"/>).</summary>
    public double LearningRate { get; init; }

    /// <summary>The median of <paramref name="values"/>.</summary>
    /// <param name="values">The values.</param>
    public double MedianOf(float[] values)
    {
        Span<double> result = stackalloc double[1];
        Median.Compute(values, result);
        return result[0];
    }

    /// <summary>A tensor's values as float32, on the CPU.</summary>
    /// <param name="t">The tensor.</param>
    public static float[] Values(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var scope = NewDisposeScope();
        var flat = t.detach().flatten().contiguous();
        var f = flat.dtype == ScalarType.Float32 ? flat : flat.to_type(ScalarType.Float32);
        var values = f.data<float>().ToArray();
        GC.KeepAlive(f);
        GC.KeepAlive(t);
        return values;
    }
}
