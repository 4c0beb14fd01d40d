using System.CommandLine;

namespace Warmup.Cli.Tests;

/// <summary>The help of every command states each default once.</summary>
public sealed class HelpTextTests
{
    [Fact]
    public void NoOptionStatesItsDefaultTwice()
    {
        // An option with a default value gets "[default: X]" from System.CommandLine; a description that also says
        // "default" showed two (at 148eae1: --batch-size "(default: the task's ...) [default: 0]", --weight-decay,
        // --jobs, --cpus-per-task and bench optimizers --threads).
        var twice = Commands(Program.BuildRoot())
            .SelectMany(c => c.Options.Select(o => (Command: c, Option: o)))
            .Where(x => ShowsDefault(x.Option) && (x.Option.Description ?? string.Empty).Contains("default", StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{x.Command.Name} {x.Option.Name}")
            .ToList();
        Assert.Empty(twice);
    }

    // What System.CommandLine's help prints "[default: X]" for: an option with a default value, other than a flag.
    private static bool ShowsDefault(Option option) => option.HasDefaultValue && option.ValueType != typeof(bool);

    private static IEnumerable<Command> Commands(Command command) => command.Subcommands.SelectMany(Commands).Prepend(command);
}
