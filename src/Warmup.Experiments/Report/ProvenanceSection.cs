using System.Globalization;
using Warmup.Experiments.Sweeps;
using Warmup.Reports;

namespace Warmup.Experiments.Report;

/// <summary>How the report's runs were made: the commands that trained them (with build and machine), and the data.</summary>
internal static class ProvenanceSection
{
    /// <summary>Appends the section.</summary>
    /// <param name="md">The report.</param>
    /// <param name="invocations">The commands recorded in the database.</param>
    /// <param name="runs">Its runs.</param>
    public static void Write(MarkdownReport md, IReadOnlyList<Invocation> invocations, IReadOnlyList<StoredRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        md.Heading(2, "How these runs were made");
        if (invocations.Count == 0)
        {
            md.Paragraph("The database does not say which commands trained its runs (it was written before Warmup 1.0.1, which records them).");
        }
        else
        {
            md.Paragraph($"The commands that trained into this sweep ({invocations.Count}), oldest first:")
                .Table(
                    ["started (UTC)", "command", "build", "machine"],
                    invocations.Select(i => (IReadOnlyList<string>)[i.Started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", c), $"`{i.CommandLine}`", i.Build, i.Machine]));
        }

        var data = runs.GroupBy(r => (r.Task, r.DataNote)).OrderBy(g => g.Key.Task, StringComparer.Ordinal).ThenBy(g => g.Key.DataNote, StringComparer.Ordinal)
            .Select(g => string.Create(c, $"{g.Key.Task}: {g.Key.DataNote} ({g.Count():N0} runs)"));
        md.Paragraph("Data: " + string.Join("; ", data) + ".");
    }
}
