using static TorchSharp.torch;

namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>Median over all parameter entries of |change| / effective learning rate (Ma and Yarats Fig. 1); none when that rate is 0.</summary>
internal sealed class UpdateSizeDiagnostic : Diagnostic
{
    /// <inheritdoc />
    public override string Name => "median_update";

    /// <inheritdoc />
    public override IReadOnlyList<DiagnosticPanel> Panels { get; } =
        [new("update", "median |update| / lr", d => d["median_update"])];

    /// <inheritdoc />
    public override object? BeforeStep(DiagnosticContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Parameters.Select(p => p.detach().clone()).ToList();
    }

    /// <inheritdoc />
    public override void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(values);
        var snapshot = (List<Tensor>)before!;
        var moves = new List<float>();
        for (int i = 0; i < context.Parameters.Count; i++)
        {
            if (context.LearningRate > 0)
            {
                using var change = (context.Parameters[i].detach() - snapshot[i]).abs();
                moves.AddRange(DiagnosticContext.Values(change));
            }

            snapshot[i].Dispose();
        }

        if (context.LearningRate > 0)
        {
            values[Name] = context.MedianOf([.. moves]) / context.LearningRate;
        }
    }
}
