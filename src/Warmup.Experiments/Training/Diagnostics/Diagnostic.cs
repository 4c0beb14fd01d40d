namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>
/// One quantity the trainer records at diagnostic steps, as named values (the sweep database stores them long, one row
/// per run, step, name and value, so a new diagnostic needs no new column), with the report panels that plot it.
/// A new diagnostic is one subclass and one line in <see cref="TrainingDiagnostics.All"/>.
/// </summary>
internal abstract class Diagnostic
{
    /// <summary>The name of its value (or the prefix of its values), unique among the diagnostics.</summary>
    public abstract string Name { get; }

    /// <summary>The report's panels for it: one line per method over the diagnostic steps.</summary>
    public virtual IReadOnlyList<DiagnosticPanel> Panels => [];

    /// <summary>
    /// At a diagnostic step, after the backward pass and before the optimizer's step: whatever the measurement needs
    /// from before the step (it must leave the gradients as it found them).
    /// </summary>
    /// <param name="context">The run.</param>
    /// <returns>What <see cref="AfterStep"/> gets back; null by default.</returns>
    public virtual object? BeforeStep(DiagnosticContext context) => null;

    /// <summary>After the step: adds the values (a value that is null or NaN is not recorded).</summary>
    /// <param name="context">The run, with the step's effective learning rate.</param>
    /// <param name="before">What <see cref="BeforeStep"/> returned.</param>
    /// <param name="values">The step's values, by name.</param>
    public abstract void AfterStep(DiagnosticContext context, object? before, IDictionary<string, double> values);
}
