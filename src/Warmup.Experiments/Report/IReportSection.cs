namespace Warmup.Experiments.Report;

/// <summary>One section of a task's part of the experiment report (<see cref="ExperimentReport.Sections"/>, in order).</summary>
internal interface IReportSection
{
    /// <summary>Appends the section to <see cref="TaskReport.Md"/> (and its figures to <see cref="TaskReport.Figures"/>), or nothing when it has no data.</summary>
    /// <param name="report">The task's runs and where to write.</param>
    void Write(TaskReport report);
}
