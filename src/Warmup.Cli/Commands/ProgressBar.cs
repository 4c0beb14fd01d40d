using Spectre.Console;

namespace Warmup.Cli.Commands;

/// <summary>
/// Runs long work with a progress bar on stderr when stderr is a terminal, and with <see cref="ProgressLines"/>
/// (a line every 20 %) when it is redirected, as in CI and in scripts.
/// </summary>
internal static class ProgressBar
{
    /// <summary>Runs <paramref name="work"/>, which reports fractions from 0 to 1.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="name">What is shown beside the bar.</param>
    /// <param name="work">The work.</param>
    public static T Run<T>(string name, Func<IProgress<double>, T> work)
    {
        if (Console.IsErrorRedirected)
        {
            return work(new ProgressLines().For(name));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(name), maxValue: 1);
                return work(new Bar(task));
            });
    }

    private sealed class Bar(ProgressTask task) : IProgress<double>
    {
        public void Report(double value) => task.Value = value;
    }
}
