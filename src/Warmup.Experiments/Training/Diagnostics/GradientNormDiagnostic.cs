namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>
/// The L2 norm of the whole minibatch gradient, over every parameter, before the step: the size of what the
/// optimizer is given, whose spikes update clipping reacts to (added in issue 12 as the worked example of a new
/// diagnostic: this class and one line in <see cref="TrainingDiagnostics.All"/>).
/// </summary>
internal sealed class GradientNormDiagnostic : Diagnostic
{
    /// <inheritdoc />
    public override string Name => "gradient_norm";

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticPanel> Panels { get; } =
        [new("gradient_norm", "L2 norm of the minibatch gradient", d => d["gradient_norm"], LogY: true)];

    /// <inheritdoc />
    public override object? BeforeStep(DiagnosticContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double squares = 0;
        foreach (var p in context.Parameters)
        {
            using var g = p.grad;
            if (g is not null)
            {
                foreach (float x in DiagnosticContext.Values(g))
                {
                    squares += x * (double)x;
                }
            }
        }

        return Math.Sqrt(squares);
    }

    /// <inheritdoc />
    public override void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        values[Name] = (double)before!;
    }
}
