namespace Warmup.Cli.Commands;

/// <summary>Reports progress as lines on stderr, synchronously (so they interleave correctly with the output).</summary>
/// <param name="format">Turns a reported value into the line to print.</param>
internal sealed class StatusLine(Func<string, string> format) : IProgress<string>
{
    /// <inheritdoc />
    public void Report(string value) => Console.Error.WriteLine(format(value));
}
