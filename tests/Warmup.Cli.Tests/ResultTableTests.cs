using Spectre.Console;
using Warmup.Cli.Commands;

namespace Warmup.Cli.Tests;

public class ResultTableTests
{
    private static ResultTable Wide() =>
        new ResultTable("optimizer", "parameters", "ours ms/step", "TorchSharp ms/step", "speedup", "final train loss")
            .AddRow("adamw", "16,777,216", "11.5", "83.0", "7.2x", "diverged")
            .AddRow("radam", "5,700,000", "10.5", "247.1", "23.5x", "0.1234");

    private static (IAnsiConsole Console, StringWriter Output) Console(int width, bool interactive = true)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        console.Profile.Width = width;
        return (console, output);
    }

    [Fact]
    public void PlainTextAlignsColumnsAndRightAlignsNumbers()
    {
        Assert.Equal(
            "optimizer  parameters  ours ms/step  TorchSharp ms/step  speedup  final train loss\n" +
            "---------  ----------  ------------  ------------------  -------  ----------------\n" +
            "adamw      16,777,216          11.5                83.0     7.2x  diverged\n" +
            "radam       5,700,000          10.5               247.1    23.5x  0.1234\n",
            Wide().ToPlainText());
    }

    [Fact]
    public void ANarrowTerminalGetsPlainTextAndAWideOneABox()
    {
        var table = Wide();
        var (narrow, narrowText) = Console(table.BoxWidth - 1);
        table.Write(narrow, redirected: false);
        Assert.Equal(table.ToPlainText(), narrowText.ToString());

        var (wide, wideText) = Console(table.BoxWidth);
        table.Write(wide, redirected: false);
        var box = wideText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("TorchSharp ms/step", box[1], StringComparison.Ordinal);
        Assert.All(box, line => Assert.Equal(table.BoxWidth, line.TrimEnd('\r').Length));
        Assert.DoesNotContain("…", wideText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectedOutputGetsPlainTextWhateverTheWidth()
    {
        var table = Wide();
        var (console, text) = Console(1000, interactive: false);
        table.Write(console, redirected: true);
        Assert.Equal(table.ToPlainText(), text.ToString());
    }
}
