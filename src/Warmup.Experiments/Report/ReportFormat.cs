using Warmup.Reports;

namespace Warmup.Experiments.Report;

/// <summary>How the experiment report writes numbers and figure file names.</summary>
internal static class ReportFormat
{
    /// <summary>A number as the report's tables print it.</summary>
    public static string Number(double x, int digits = 6) => MarkdownReport.Number(x, digits);

    /// <summary>A file name without the characters method names bring ('+', ':').</summary>
    public static string FileName(string name) => name.Replace('+', '_').Replace(':', '_');
}
