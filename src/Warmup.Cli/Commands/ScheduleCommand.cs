using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Warmup.Core.Schedules;
using Warmup.Reports;

namespace Warmup.Cli.Commands;

/// <summary><c>warmup schedule</c>: warmup factors and effective warmup periods (Ma and Yarats, Section 4, Fig. 3b).</summary>
internal static class ScheduleCommand
{
    private const long MaxExactStep = 1L << 53;

    private static readonly long[] TableSteps = [1, 2, 3, 4, 5, 6, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

    public static Command Create()
    {
        var kind = new Option<string[]>("--kind")
        {
            Description = $"Warmup kind(s): {string.Join(", ", WarmupNames.KindNames)} (repeat or comma-separate; exp and untuned-exp as in the methods' names).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var tau = new Option<double?>("--tau") { Description = "Warmup period of linear and exponential warmup, in steps (real-valued)." };
        var beta2 = new Option<double>("--beta2") { Description = "Adam's beta2, for untuned and RAdam-shaped warmup.", DefaultValueFactory = _ => 0.999 };
        var early = new Option<string>("--early") { Description = $"RAdam-shaped factor for steps before rectification: {string.Join(", ", WarmupNames.EarlyStepNames)}.", DefaultValueFactory = _ => WarmupNames.Of(RAdamEarlySteps.Zero) };
        var steps = new Option<int?>("--steps") { Description = "Steps for --csv and --plot (default: 3 / (1 - beta2), or 3 tau if larger)." };
        var csv = new Option<string?>("--csv") { Description = $"Write t and omega_t of every kind to this CSV file, one row per step (at most {Limits.MaxRows:N0})." };
        var plot = new Option<string?>("--plot") { Description = $"Draw omega_t of every kind over t to this image, PNG (.png) or JPEG (.jpg, .jpeg) by its name ({Limits.PlotPoints:N0} evenly spaced steps at most, exact values at each)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (effective_warmup_period, schedules)." };
        var command = new Command(
            "schedule",
            "Warmup factors omega_t and the effective warmup period T = sum of (1 - omega_t), for one or several kinds.")
        {
            kind, tau, beta2, early, steps, csv, plot, json,
        };
        command.SetAction(parse => CommandRunner.Run(() => Run(
            parse.GetValue(kind)!.SelectMany(k => k.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(k => Names.Kind(k, "--kind")).Distinct().ToList(),
            parse.GetValue(tau),
            parse.GetValue(beta2),
            Names.EarlySteps(parse.GetValue(early)!, "--early"),
            parse.GetValue(steps),
            parse.GetValue(csv),
            parse.GetValue(plot),
            parse.GetValue(json))));
        return command;
    }

    private static int Run(List<WarmupKind> kinds, double? tau, double beta2, RAdamEarlySteps early, int? steps, string? csv, string? plot, bool json)
    {
        Require.MomentDecay(beta2, "--beta2");
        var schedules = kinds.Select(k => (Kind: k, Schedule: WarmupSchedule.Create(k, tau, beta2, early))).ToList();
        long n = steps is int given ? Require.AtLeast(given, 1, "--steps") : DefaultSteps(beta2, tau);
        if (csv is not null)
        {
            OutputPaths.File(csv, "--csv");
            CheckRows(n, steps is not null, beta2, tau);
        }

        if (plot is not null)
        {
            OutputPaths.Chart(plot, "--plot");
        }

        var periods = schedules.Select(s => s.Schedule.EffectivePeriod()).ToList();
        var shown = TableSteps.Where(t => t <= n).ToArray();

        if (csv is not null)
        {
            // Streamed: one row at a time, whatever n.
            OutputPaths.Writing(csv, () => CsvTable.Write(
                csv,
                ["t", .. schedules.Select(s => WarmupNames.Of(s.Kind))],
                Range(n).Select(t => (IReadOnlyList<object>)[t, .. schedules.Select(s => (object)s.Schedule.Factor(t))])));
        }

        string drawn = string.Empty;
        if (plot is not null)
        {
            var ts = Sample(n, Limits.PlotPoints);
            drawn = ts.Length < n ? $" ({ts.Length:N0} of {n:N0} steps drawn, exact at each)" : string.Empty;
            var xs = ts.Select(t => (double)t).ToArray();
            OutputPaths.Writing(plot, () => LineChart.Save(
                plot,
                $"Warmup factors, beta2 = {beta2}",
                "step t",
                "omega_t",
                schedules.Select(s => new Series(WarmupNames.Of(s.Kind), xs, ts.Select(t => s.Schedule.Factor(t)).ToArray()))));
        }

        if (json)
        {
            var objects = schedules.Select((s, i) => new
            {
                Kind = WarmupNames.Of(s.Kind),
                Tau = (s.Schedule as LinearWarmup)?.Tau ?? (s.Schedule as ExponentialWarmup)?.Tau,
                EffectiveWarmupPeriod = periods[i],
                Factors = shown.Select(t => new { T = t, Omega = s.Schedule.Factor(t) }),
            }).ToList();
            object period = objects.Count == 1 ? periods[0] : objects.ToDictionary(o => o.Kind, o => o.EffectiveWarmupPeriod);
            Console.WriteLine(JsonSerializer.Serialize(new { Beta2 = beta2, EffectiveWarmupPeriod = period, Schedules = objects }, Json.Options));
            return 0;
        }

        var summary = new ResultTable("kind", "tau", "effective warmup period");
        for (int i = 0; i < schedules.Count; i++)
        {
            var t = (schedules[i].Schedule as LinearWarmup)?.Tau ?? (schedules[i].Schedule as ExponentialWarmup)?.Tau;
            summary.AddRow(WarmupNames.Of(schedules[i].Kind), t is null ? "-" : $"{t:G6}", $"{periods[i]:F4}");
        }

        summary.Write();
        var factors = new ResultTable(["t", .. schedules.Select(s => WarmupNames.Of(s.Kind))]);
        foreach (long t in shown)
        {
            factors.AddRow([$"{t}", .. schedules.Select(s => $"{s.Schedule.Factor(t):F6}")]);
        }

        factors.Write();
        AnsiConsole.MarkupLine($"[grey]beta2 = {beta2}; omega_t for 1-based steps t. {(csv is null ? string.Empty : $"CSV: {Markup.Escape(csv)}. ")}{(plot is null ? string.Empty : $"Plot: {Markup.Escape(plot)}{drawn}.")}[/]");
        return 0;
    }

    // 3 / (1 - beta2), or 3 tau if larger, capped at 2^53 (beyond it steps are not exact as doubles).
    private static long DefaultSteps(double beta2, double? tau)
    {
        double n = Math.Ceiling(Math.Max(3 / (1 - beta2), 3 * (tau ?? 0)));
        return n < MaxExactStep ? (long)n : MaxExactStep;
    }

    // --csv writes one row per step: refused, with the figure, above Limits.MaxRows.
    private static void CheckRows(long n, bool explicitSteps, double beta2, double? tau)
    {
        if (n <= Limits.MaxRows)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        string cause = explicitSteps
            ? string.Create(c, $"--steps {n:N0} with --csv would write {n:N0} rows")
            : 3 * (tau ?? 0) > 3 / (1 - beta2)
                ? string.Create(c, $"--tau {tau} makes the default range 3 tau = {n:N0} steps, and --csv writes a row per step")
                : string.Create(c, $"beta2 = {beta2} gives a warmup period of {2 / (1 - beta2):N0} steps (2 / (1 - beta2)); the default range, 3 / (1 - beta2) = {n:N0} steps, would be {n:N0} CSV rows");
        throw new ArgumentException(string.Create(c, $"{cause}; at most {Limits.MaxRows:N0} rows are written: pass --steps N with N <= {Limits.MaxRows:N0} (--plot alone has no limit: it draws {Limits.PlotPoints:N0} sampled steps)."));
    }

    // All of 1..n if n <= points, else `points` evenly spaced steps from 1 to n inclusive.
    private static long[] Sample(long n, int points)
    {
        if (n <= points)
        {
            return [.. Range(n)];
        }

        var ts = new long[points];
        for (int i = 0; i < points; i++)
        {
            ts[i] = Math.Min(n, 1 + (long)Math.Round((n - 1) * (i / (double)(points - 1))));
        }

        return [.. ts.Distinct()];
    }

    private static IEnumerable<long> Range(long n)
    {
        for (long t = 1; t <= n; t++)
        {
            yield return t;
        }
    }
}
