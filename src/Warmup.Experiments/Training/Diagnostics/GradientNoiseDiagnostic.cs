using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>
/// Median over entries of the coefficient of variation of the minibatch gradient, std / (sqrt(batch size) |mean|),
/// with std from the probe examples' individual gradients and the mean from a fixed batch (see
/// <see cref="GradientNoise"/>); the step's gradients are restored afterwards.
/// </summary>
internal sealed class GradientNoiseDiagnostic : Diagnostic
{
    /// <inheritdoc />
    public override string Name => "gradient_cv";

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticPanel> Panels { get; } =
        [new("cv", "median coefficient of variation of g", d => d["gradient_cv"], LogY: true)];

    /// <inheritdoc />
    public override object? BeforeStep(DiagnosticContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (task, parameters) = (context.Task, context.Parameters);
        int probes = context.Settings.ProbeExamples, batch = context.Settings.EffectiveBatchSize;
        var saved = parameters.Select(p => p.grad?.clone()).ToList();
        int n = parameters.Sum(p => (int)p.numel());
        var mean = new float[n];
        var sum = new double[n];
        var squares = new double[n];
        Backward(task.MeanBatchLoss);
        Accumulate(parameters, (offset, values) => values.CopyTo(mean.AsSpan(offset)));
        for (int k = 0; k < probes; k++)
        {
            Backward(() => task.ProbeLoss(k));
            Accumulate(parameters, (offset, values) =>
            {
                for (int i = 0; i < values.Length; i++)
                {
                    sum[offset + i] += values[i];
                    squares[offset + i] += values[i] * (double)values[i];
                }
            });
        }

        using (no_grad())
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                if (saved[i] is { } s)
                {
                    using var g = parameters[i].grad;
                    g!.copy_(s);
                    s.Dispose();
                }
                else
                {
                    parameters[i].grad = null; // it had none before the probes
                }
            }
        }

        var cvs = GradientNoise.CoefficientsOfVariation(mean, sum, squares, probes, batch, TrainingTask.MeanBatchFactor * batch);
        return cvs.Length == 0 ? null : context.MedianOf(cvs);

        void Backward(Func<Tensor> loss)
        {
            foreach (var p in parameters)
            {
                using var g = p.grad;
                g?.zero_();
            }

            using var scope = NewDisposeScope();
            loss().backward();
        }
    }

    /// <inheritdoc />
    public override void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (before is double cv)
        {
            values[Name] = cv;
        }
    }

    // Calls visit(offset, values) with each parameter's gradient (skipping parameters without one).
    private static void Accumulate(IReadOnlyList<Parameter> parameters, Action<int, float[]> visit)
    {
        int offset = 0;
        foreach (var p in parameters)
        {
            using var g = p.grad;
            if (g is not null)
            {
                visit(offset, DiagnosticContext.Values(g));
            }

            offset += (int)p.numel();
        }
    }
}
