namespace Warmup.Experiments.Report;

/// <summary>What an experiment report compares beyond its standard sections. Defaults are documented per property.</summary>
public sealed record ExperimentReportOptions
{
    /// <summary>
    /// Pairs to compare, each (method, reference): the method minus the reference at every configuration where both
    /// ran, judged as one family (Welch, Holm, non-inferiority at the task's margin; see the report's rule). Default
    /// none: then, in a task where the papers' comparisons (untuned-exp, radam and adam against untuned-linear) have
    /// nothing to judge, every method is compared with adam (or, without adam, with the first method), so that a sweep
    /// of any two methods gets its test.
    /// </summary>
    public IReadOnlyList<(string Method, string Reference)> Compare { get; init; } = [];
}
