using Warmup.Reports;

namespace Warmup.Experiments.Tests.Report;

// A 95-character curve title ("char LM, post-LN: training loss, lr 0.01, beta2 0.998 (mean over seeds, band: min to
// max)") was drawn on one line and cut at both ends of the 900-pixel figure.
public class TitleWrapTests
{
    [Fact]
    public void AShortTitleStaysOnOneLine() => Assert.Equal("fmnist: accuracy", Axes.Wrap("fmnist: accuracy"));

    [Fact]
    public void ALongTitleBreaksBeforeItsParenthesis()
    {
        const string title = "char LM, post-LN: training loss, lr 0.01, beta2 0.998 (mean over seeds, band: min to max)";

        Assert.Equal("char LM, post-LN: training loss, lr 0.01, beta2 0.998\n(mean over seeds, band: min to max)", Axes.Wrap(title));
    }

    [Fact]
    public void EveryLineOfAWrappedTitleFits()
    {
        string title = string.Join(", ", Enumerable.Range(0, 30).Select(i => $"part {i}"));

        var lines = Axes.Wrap(title).Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.True(lines[0].Length <= Axes.TitleLineLength + 1, lines[0]);
        Assert.Equal(title, lines[0] + " " + lines[1]);
    }
}
