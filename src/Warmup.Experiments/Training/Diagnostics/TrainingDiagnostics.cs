namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>Every diagnostic the trainer records, in the order the report shows them (each leaves the gradients as it found them, so the order does not change any value).</summary>
internal static class TrainingDiagnostics
{
    /// <summary>The diagnostics.</summary>
    public static IReadOnlyList<Diagnostic> All { get; } =
    [
        new UpdateSizeDiagnostic(),
        new MomentCorrelationDiagnostic(),
        new GradientNoiseDiagnostic(),
        new GradientHistogramDiagnostic(),
        new GradientNormDiagnostic(),
    ];
}
