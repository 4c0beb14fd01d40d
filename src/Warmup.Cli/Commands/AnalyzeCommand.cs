using System.CommandLine;
using System.Globalization;
using Warmup.Analysis;
using Warmup.Analysis.Analyses;
using Warmup.Analysis.Report;

using Warmup.Reports;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup analyze</c>: every analysis of both papers, or one of them with its parameters exposed.</summary>
internal static class AnalyzeCommand
{
    /// <summary>Grid points of <c>analyze variance</c>'s check of Theorem 1: 100,000,000 (about 10 s; the default is 496,000).</summary>
    private const double MaxTheoremPoints = 100_000_000;

    /// <summary>Grid points of <c>analyze fact31</c>: 100,000,000 (1.6 GB, about a minute; the default is 200,001).</summary>
    private const int MaxGridPoints = 100_000_000;

    public static Command Create()
    {
        var output = OutOption("analysis");
        var quick = new Option<bool>("--quick") { Description = "Small sizes (a few seconds), as CI runs it; default: the papers' sizes." };
        var seed = SeedOption(1);
        var threads = ThreadsOption();
        var command = new Command(
            "analyze",
            "Run every analysis of Liu et al. (2020) and Ma & Yarats (2021) and write DIR/report.md with figures, CSVs and summary.json.")
        {
            output, quick, seed, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var options = new AnalysisOptions(OutputPaths.Folder(parse.GetValue(output)!, "--out"), parse.GetValue(quick), parse.GetValue(seed), Require.AtLeast(parse.GetValue(threads), 0, "--threads"));
            var sections = AnalysisSuite.Run(options, new ProgressLines());
            var table = new ResultTable("analysis", "seconds");
            foreach (var s in sections)
            {
                table.AddRow(s.Key, $"{s.Elapsed.TotalSeconds:F3}");
            }

            table.Write();
            Console.WriteLine($"Report: {Path.Combine(options.OutputDirectory, "report.md")}");
            return 0;
        }));
        command.Subcommands.Add(Fact31());
        command.Subcommands.Add(EffectivePeriod());
        command.Subcommands.Add(UpdateMagnitude());
        command.Subcommands.Add(Variance());
        command.Subcommands.Add(RectifiedVariance());
        return command;
    }

    private static Command Fact31()
    {
        var output = OutOption("analysis/fact31");
        var grid = new Option<int>("--grid") { Description = "Points of the uniform beta2 grid on [0.8, 1).", DefaultValueFactory = _ => 200_001 };
        var command = new Command("fact31", "Check Fact 3.1 (rho_t <= 4 iff t <= 4 for 0.8 <= beta2 < 1) and find where it fails.") { output, grid };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string dir = OutputPaths.Folder(parse.GetValue(output)!, "--out");
            int points = Require.AtLeast(parse.GetValue(grid), 2, "--grid");
            // The grid is held as a list of doubles, built without a known size: up to 16 bytes per point.
            if (points > MaxGridPoints)
            {
                throw new ArgumentException(string.Create(
                    CultureInfo.InvariantCulture, $"--grid {points:N0} would hold {points:N0} values of beta2 (about {Limits.Size(16.0 * points)} of memory); at most {MaxGridPoints:N0} points are checked."));
            }

            Limits.Memory(16.0 * points, string.Create(CultureInfo.InvariantCulture, $"fact31 with --grid {points:N0}"), "Use a smaller --grid.");
            return Single(dir, md => FactThreeOneSection.Write(FactThreeOne.Run(points), dir, md));
        }));
        return command;
    }

    private static Command EffectivePeriod()
    {
        var output = OutOption("analysis/effective-period");
        var grid = new Option<int>("--grid") { Description = "Points of the beta2 grid of the figure (1 - beta2 from 1e-1 to 1e-4).", DefaultValueFactory = _ => 121 };
        var command = new Command("effective-period", "Effective warmup periods of RAdam, untuned linear and exponential warmup against beta2 (Fig. 3a), and the schedules (Fig. 3b).") { output, grid };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string dir = OutputPaths.Folder(parse.GetValue(output)!, "--out");
            int points = Require.AtLeast(parse.GetValue(grid), 2, "--grid");
            Limits.Rows(points, string.Create(CultureInfo.InvariantCulture, $"--grid {points:N0}"), "effective_period.csv");
            return Single(dir, md => EffectivePeriodSection.Write(dir, md, points));
        }));
        return command;
    }

    private static Command UpdateMagnitude()
    {
        var d = new UpdateMagnitudeSettings();
        var output = OutOption("analysis/update-magnitude");
        var parameters = new Option<int>("--parameters") { Description = "Simulated parameters.", DefaultValueFactory = _ => d.Parameters };
        var iterations = new Option<int>("--iterations") { Description = "Adam iterations.", DefaultValueFactory = _ => d.Iterations };
        var beta1 = new Option<double>("--beta1") { Description = "First-moment decay.", DefaultValueFactory = _ => d.Beta1 };
        var beta2 = new Option<double>("--beta2") { Description = "Second-moment decay.", DefaultValueFactory = _ => d.Beta2 };
        var eps = new Option<double>("--eps") { Description = "Adam's eps, for unit-variance gradients.", DefaultValueFactory = _ => d.Eps };
        var seed = SeedOption(d.Seed);
        var threads = ThreadsOption();
        var command = new Command("update-magnitude", "Quantiles of Adam's |update|/lr at a simulated local minimum (Ma & Yarats Fig. 2).")
        {
            output, parameters, iterations, beta1, beta2, eps, seed, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string dir = OutputPaths.Folder(parse.GetValue(output)!, "--out");
            var settings = new UpdateMagnitudeSettings(parse.GetValue(parameters), parse.GetValue(iterations), parse.GetValue(beta1), parse.GetValue(beta2), parse.GetValue(eps), parse.GetValue(seed), parse.GetValue(threads));
            settings.Validate();
            var c = CultureInfo.InvariantCulture;
            Limits.Rows(settings.Iterations, string.Create(c, $"--iterations {settings.Iterations:N0}"), "update_magnitude.csv");
            // Per parameter: 256 buffered iterations of |update| (1 kB), m, v, two normals and the stream state, and
            // the quantile scratch of 8 groups; per iteration: the five quantiles, the CSV row and the fan charts.
            Limits.Memory(
                (1_300.0 * settings.Parameters) + (300.0 * settings.Iterations),
                string.Create(c, $"update-magnitude with {settings.Parameters:N0} parameters and {settings.Iterations:N0} iterations"),
                "Use fewer --parameters.");
            var progress = new ProgressLines();
            return Single(dir, md => UpdateMagnitudeSection.Write(UpdateMagnitudeSimulation.Run(settings, progress.For("update-magnitude")), dir, md));
        }));
        return command;
    }

    private static Command Variance()
    {
        var output = OutOption("analysis/variance");
        var maxRho = new Option<int>("--max-rho") { Description = "Largest rho of the table and figure.", DefaultValueFactory = _ => 500 };
        var step = new Option<double>("--grid-step") { Description = "Step of the grid on which Theorem 1 is checked.", DefaultValueFactory = _ => 1e-3 };
        var command = new Command("variance", "Var[psi]: exact (Eq. 4) and first order (Eq. 6) for rho = 5..max, Theorem 1, the ratio at rho 5 and 500 (Liu et al. Fig. 8).") { output, maxRho, step };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            string dir = OutputPaths.Folder(parse.GetValue(output)!, "--out");
            int max = Require.AtLeast(parse.GetValue(maxRho), 6, "--max-rho");
            double gridStep = parse.GetValue(step);
            var c = CultureInfo.InvariantCulture;
            Limits.Rows(max - 4, string.Create(c, $"--max-rho {max:N0}"), "variance.csv");
            if (gridStep is > 0 and <= 1)
            {
                // Theorem 1 is checked at every grid point (about 0.1 us each); a step below the spacing of doubles would never end.
                double points = (max - 4) / gridStep;
                if (!(points <= MaxTheoremPoints))
                {
                    throw new ArgumentException(string.Create(
                        c, $"--grid-step {gridStep} up to --max-rho {max:N0} gives {points:G3} grid points for Theorem 1; at most {MaxTheoremPoints:N0} (--grid-step >= {(max - 4) / MaxTheoremPoints:G3})."));
                }
            }

            return Single(dir, md => VarianceSection.Write(VarianceAnalysis.Run(max, gridStep), dir, md));
        }));
        return command;
    }

    private static Command RectifiedVariance()
    {
        var d = new RectifiedVarianceSettings();
        var output = OutOption("analysis/rectified-variance");
        var trajectories = new Option<int>("--trajectories") { Description = "Trajectories per mean.", DefaultValueFactory = _ => d.Trajectories };
        var iterations = new Option<int>("--iterations") { Description = "Iterations.", DefaultValueFactory = _ => d.Iterations };
        var beta2 = new Option<double>("--beta2") { Description = "Second-moment decay.", DefaultValueFactory = _ => d.Beta2 };
        var means = new Option<string>("--means") { Description = "Comma-separated gradient means mu.", DefaultValueFactory = _ => string.Join(',', RectifiedVarianceSettings.DefaultMeans) };
        var seed = SeedOption(d.Seed);
        var threads = ThreadsOption();
        var command = new Command("rectified-variance", "Var[psi_t] and Var[r_t psi_t] over trajectories with g ~ N(mu, 1) (Liu et al. Fig. 9).")
        {
            output, trajectories, iterations, beta2, means, seed, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var mus = parse.GetValue(means)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(m => double.TryParse(m, System.Globalization.CultureInfo.InvariantCulture, out var x) ? x : throw new ArgumentException($"--means: '{m}' is not a number."))
                .ToList();
            string dir = OutputPaths.Folder(parse.GetValue(output)!, "--out");
            var settings = new RectifiedVarianceSettings(mus, parse.GetValue(trajectories), parse.GetValue(iterations), parse.GetValue(beta2), parse.GetValue(seed), parse.GetValue(threads));
            settings.Validate();
            var c = CultureInfo.InvariantCulture;
            Limits.Rows(settings.Iterations, string.Create(c, $"--iterations {settings.Iterations:N0}"), "rectified_variance.csv");
            // Per chunk of 512 trajectories, a mean and a sum of squares per iteration; per mean, two variances per
            // iteration and the chart's copies; per trajectory, its stream state.
            double chunks = Math.Ceiling(settings.Trajectories / 512.0);
            Limits.Memory(
                (16.0 * settings.Iterations * (chunks + (6.0 * mus.Count))) + (16.0 * settings.Trajectories),
                string.Create(c, $"rectified-variance with {settings.Trajectories:N0} trajectories, {settings.Iterations:N0} iterations and {mus.Count} means"),
                "Use fewer --trajectories or --iterations.");
            var progress = new ProgressLines();
            return Single(dir, md => RectifiedVarianceSection.Write(RectifiedVarianceSimulation.Run(settings, progress.For("rectified-variance")), dir, md));
        }));
        return command;
    }

    // One analysis into its own report.md and summary.json; called once every argument has been checked.
    private static int Single(string dir, Func<MarkdownReport, Section> write)
    {
        Directory.CreateDirectory(dir);
        var md = new MarkdownReport();
        var section = write(md);
        md.Save(Path.Combine(dir, "report.md"));
        SummaryJson.Write(Path.Combine(dir, "summary.json"), [section]);
        Console.WriteLine($"{section.Key}: {section.Elapsed.TotalSeconds:F3} s. Report: {Path.Combine(dir, "report.md")}");
        return 0;
    }

    private static Option<string> OutOption(string fallback) =>
        new("--out") { Description = "Output folder (created if missing).", DefaultValueFactory = _ => fallback };

    private static Option<ulong> SeedOption(ulong fallback) =>
        new("--seed") { Description = "Seed of the simulated gradients.", DefaultValueFactory = _ => fallback };

    private static Option<int> ThreadsOption() =>
        new("--threads") { Description = "Threads (0: all cores); results do not depend on it.", DefaultValueFactory = _ => 0 };
}
