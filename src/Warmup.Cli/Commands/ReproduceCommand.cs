using System.CommandLine;
using Warmup.Reproduction;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup reproduce</c>: the main job.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Folder for the analyses, the sweep database and the figures (default reproduction/default, reproduction/full with --full)." };
        var full = new Option<bool>("--full") { Description = "The full grid behind REPRODUCTION.md (several hours on 2 cores; re-running resumes); default: a few minutes." };
        var tiny = new Option<bool>("--tiny") { Description = "A smoke test of the whole pipeline in seconds.", Hidden = true };
        var report = new Option<string?>("--report") { Description = "Where to write REPRODUCTION.md (default DIR/REPRODUCTION.md)." };
        var jobs = new Option<int?>("--jobs") { Description = TrainingOptions.JobsDescription };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST folder (default: searched, then the shipped sample)." };
        var reportOnly = new Option<bool>("--report-only") { Description = "Train nothing: write the report from the runs already in the database, saying how many of the plan's runs are missing." };
        var text = new Option<string[]>("--text") { Description = "UTF-8 text file(s) for the language model (default: the fortunes package).", AllowMultipleArgumentsPerToken = true };
        var command = new Command(
            "reproduce",
            "The main job: the analyses of both papers, sweeps on Fashion-MNIST and a post-LN character-level Transformer, and REPRODUCTION.md with tables, plots and findings. Resumes where it stopped.")
        {
            output, full, tiny, report, jobs, data, text, reportOnly,
        };
        string? folder = null;
        command.SetAction(parse => CommandRunner.Run(() => $"every finished run is kept in {Path.Combine(folder ?? "the output folder", "sweep.db")}; run the same command again to resume", cancel =>
        {
            if (parse.GetValue(full) && parse.GetValue(tiny))
            {
                throw new ArgumentException("Give --full or --tiny, not both.");
            }

            var scale = parse.GetValue(full) ? ReproductionScale.Full : parse.GetValue(tiny) ? ReproductionScale.Tiny : ReproductionScale.Default;
            if (parse.GetValue(report) is { } reportPath)
            {
                OutputPaths.File(reportPath, "--report");
            }

            var files = parse.GetValue(text);
            folder = parse.GetValue(output) ?? Path.Combine("reproduction", scale.ToString().ToLowerInvariant());
            var options = new ReproductionOptions(
                folder,
                scale,
                "warmup " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
                parse.GetValue(report),
                Require.AtLeast(parse.GetValue(jobs) ?? TrainingOptions.DefaultJobs, 1, "--jobs"),
                parse.GetValue(data),
                files is { Length: > 0 } ? files : null,
                parse.GetValue(reportOnly));
            string path = ReproductionJob.Run(options, new StatusLine(line => line), cancel);
            Console.WriteLine($"Report: {path}");
            return 0;
        }));
        return command;
    }
}
