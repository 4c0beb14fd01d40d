namespace Warmup.Experiments.Training.Diagnostics;

/// <summary>A report figure of one diagnostic: its value at each diagnostic step, one line per method.</summary>
/// <param name="File">The figure's file name part.</param>
/// <param name="Label">The axis label and title.</param>
/// <param name="Value">The plotted value of a point, or null where there is none.</param>
/// <param name="LogY">Plot on a log scale.</param>
internal sealed record DiagnosticPanel(string File, string Label, Func<DiagnosticPoint, double?> Value, bool LogY = false);
