using System.CommandLine;
using Spectre.Console;
using Warmup.Cli.Commands;

namespace Warmup.Cli;

/// <summary>Entry point of the <c>warmup</c> command.</summary>
public static class Program
{
    private const int RedirectedWidth = 100_000;

    /// <summary>Parses the arguments and runs the chosen command.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>0 on success, 1 for a usage error, 2 for a failed run.</returns>
    public static int Main(string[] args)
    {
        // Piped or redirected, Spectre.Console assumes 80 columns and wraps lines there, paths and numbers included:
        // print them whole (tables switch to plain columns by themselves, see ResultTable).
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = RedirectedWidth;
        }

        return BuildRoot().Parse(args).Invoke();
    }

    /// <summary>The full command tree.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Warmup: Adam, AdamW and RAdam for TorchSharp, paper-exact and fused, with the analyses and experiments " +
            "of Liu et al. (2020) and Ma & Yarats (2021).");
        root.Subcommands.Add(ReproduceCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(ScheduleCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }
}
