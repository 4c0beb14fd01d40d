using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// One command that trained into a sweep database: when it started, its command line, the build that ran it and the
/// machine, so that a report can say how its runs were made.
/// </summary>
/// <param name="Started">When the command started (UTC).</param>
/// <param name="CommandLine">The command line, as the user typed it (quoted where a word needs it).</param>
/// <param name="Build">The build: Warmup's version and commit, and TorchSharp's version.</param>
/// <param name="Machine">Cores, operating system and .NET runtime.</param>
public sealed record Invocation(DateTimeOffset Started, string CommandLine, string Build, string Machine)
{
    /// <summary>This process, started now, with the given command line.</summary>
    /// <param name="commandLine">The command line (e.g. <c>warmup sweep --task ...</c>); see <see cref="Quote"/>.</param>
    public static Invocation Now(string commandLine) => new(DateTimeOffset.UtcNow, commandLine, ThisBuild, ThisMachine);

    /// <summary>
    /// This process, started now, with its own command line: the program's name (without folder or extension) and its
    /// arguments, so that a sweep from the CLI records <c>warmup sweep --task ...</c> and one from your program records
    /// your program's command line.
    /// </summary>
    public static Invocation OfThisProcess()
    {
        var args = Environment.GetCommandLineArgs();
        string program = args.Length > 0 ? Path.GetFileNameWithoutExtension(args[0]) : "unknown";
        return Now(Quote([program.Length > 0 ? program : "unknown", .. args.Skip(1)]));
    }

    /// <summary>"Warmup 1.0.0+19e406d…, TorchSharp 0.107.0".</summary>
    public static string ThisBuild { get; } =
        $"Warmup {Version(typeof(Invocation).Assembly)}, TorchSharp {Version(typeof(TorchSharp.torch).Assembly)}";

    /// <summary>"2 cores, Debian GNU/Linux 12 (bookworm), .NET 10.0.1".</summary>
    public static string ThisMachine { get; } =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");

    /// <summary>The words of a command line joined with spaces, each quoted for a POSIX shell when it needs it.</summary>
    /// <param name="words">The program name and its arguments.</param>
    public static string Quote(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return string.Join(' ', words.Select(w =>
            w.Length > 0 && w.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c, StringComparison.Ordinal))
                ? w
                : "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
