namespace Warmup.Cli.Commands;

/// <summary>
/// Progress of long work as short lines on stderr: each task's start, every 20 %, and its end. The lines give no
/// times of their own: a task's time is the one its result states (the analysis' wall time, as printed at the end and
/// written to summary.json), so the command prints one figure for it, not two clocks that disagree.
/// </summary>
internal sealed class ProgressLines : IProgress<(string Name, double Fraction)>
{
    private readonly Dictionary<string, int> _tasks = [];

    /// <inheritdoc />
    public void Report((string Name, double Fraction) value)
    {
        if (!_tasks.TryGetValue(value.Name, out int shown))
        {
            shown = 0;
            Console.Error.WriteLine($"{value.Name}: started");
        }

        int step = (int)Math.Floor(value.Fraction * 5);
        if (step > shown && value.Fraction < 1)
        {
            Console.Error.WriteLine($"{value.Name}: {20 * step} %");
        }

        if (value.Fraction >= 1 && shown < 5)
        {
            Console.Error.WriteLine($"{value.Name}: done");
            step = 5;
        }

        _tasks[value.Name] = Math.Max(step, shown);
    }

    /// <summary>Progress of one named task, as fractions.</summary>
    /// <param name="name">The task.</param>
    public IProgress<double> For(string name) => new Named(this, name);

    private sealed class Named(ProgressLines owner, string name) : IProgress<double>
    {
        public void Report(double value) => owner.Report((name, value));
    }
}
