using Warmup.Torch.Optim;

namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>Pearson correlation of |m_t| and sqrt(v_t) over all entries after the step (Adam-family optimizers only).</summary>
internal sealed class MomentCorrelationDiagnostic : Diagnostic
{
    /// <inheritdoc />
    public override string Name => "moment_correlation";

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticPanel> Panels { get; } =
        [new("correlation", "corr(|m_t|, sqrt(v_t))", d => d["moment_correlation"])];

    /// <inheritdoc />
    public override void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        if (context.Optimizer is not AdaptiveOptimizer adaptive)
        {
            return;
        }

        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        foreach (var p in context.Parameters)
        {
            var state = adaptive.StateOf(p);
            var m = DiagnosticContext.Values(state.ExpAvg);
            var v = DiagnosticContext.Values(state.ExpAvgSq);
            for (int i = 0; i < m.Length; i++)
            {
                double x = Math.Abs(m[i]), y = Math.Sqrt(v[i]);
                (n, sx, sy, sxx, syy, sxy) = (n + 1, sx + x, sy + y, sxx + (x * x), syy + (y * y), sxy + (x * y));
            }
        }

        double cov = sxy - (sx * sy / n), vx = sxx - (sx * sx / n), vy = syy - (sy * sy / n);
        if (vx > 0 && vy > 0)
        {
            values[Name] = cov / Math.Sqrt(vx * vy);
        }
    }
}
