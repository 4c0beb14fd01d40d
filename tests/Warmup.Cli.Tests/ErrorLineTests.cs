using Warmup.Cli.Commands;

namespace Warmup.Cli.Tests;

/// <summary>The command line's one error formatter (<see cref="ErrorLine"/>) prints messages for people.</summary>
public sealed class ErrorLineTests
{
    [Fact]
    public void TheDotNetSuffixesOfEveryArgumentExceptionAreLeftOut()
    {
        Assert.Equal("tau must be positive (got -5).", ErrorLine.Of(new ArgumentException("tau must be positive (got -5).", "tau")));
        Assert.Equal("--data is required.", ErrorLine.Of(new ArgumentNullException("data", "--data is required.")));
        Assert.Equal("STEPS must be at least 3.", ErrorLine.Of(new ArgumentOutOfRangeException("steps", 2, "STEPS must be at least 3.")));
        Assert.Equal("Unknown kind.", ErrorLine.Of(new ArgumentOutOfRangeException("kind", "Unknown kind.")));
        Assert.Equal("no parameter here", ErrorLine.Of(new ArgumentException("no parameter here")));

        // The runtime's own messages keep their words, without the suffix.
        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => ArgumentOutOfRangeException.ThrowIfLessThan(0, 1, "jobs"));
        Assert.Equal("jobs ('0') must be greater than or equal to '1'.", ErrorLine.Of(thrown));
    }

    [Fact]
    public void AMessageOnSeveralLinesIsOneLineAndOtherErrorsAreAsTheySay()
    {
        Assert.Equal("first second", ErrorLine.Of(new IOException("first\n  second\n")));
        Assert.Equal("a.db is corrupt (Parameter 'x') as written", ErrorLine.Of(new InvalidDataException("a.db is corrupt (Parameter 'x') as written")));
    }
}
