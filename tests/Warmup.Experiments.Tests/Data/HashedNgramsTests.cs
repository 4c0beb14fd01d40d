using Warmup.Experiments.Data;

namespace Warmup.Experiments.Tests.Data;

public class HashedNgramsTests
{
    /// <summary>32-bit FNV-1a test vectors from the FNV reference (Fowler, Noll, Vo; draft-eastlake-fnv, "FNV-1a 32": "", "a", "foobar").</summary>
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1aMatchesThePublishedVectors(string text, uint expected) => Assert.Equal(expected, HashedNgrams.Fnv1a(text));

    [Fact]
    public void WordsAreLowerCasedRunsOfLettersDigitsAndApostrophes()
    {
        Assert.Equal(["don't", "panic", "42", "times", "élan"], HashedNgrams.Words("Don't PANIC -- 42 times!\n\tÉlan"));
        Assert.Empty(HashedNgrams.Words(" -- %\n"));
    }

    [Fact]
    public void TokensAreUnigramsThenBigramsInBucketsOneUpPaddedWithZero()
    {
        // "a" and "foobar" hash to 0xe40c292c = 3,826,002,220 and 0xbf9cf968 = 3,214,735,720 (the vectors above);
        // modulo 9 (digit sums 25 and 34) both leave 7, so with 10 buckets both land in bucket 1 + 7 = 8.
        Assert.Equal([8L, 0, 0], HashedNgrams.Tokens("A", 10, 3));
        Assert.Equal([8L, 8, 1 + (HashedNgrams.Fnv1a("a foobar") % 9), 0], HashedNgrams.Tokens("a, FooBar.", 10, 4));

        // Truncated to the length asked for: unigrams first.
        Assert.Equal([8L], HashedNgrams.Tokens("a foobar", 10, 1));

        // Two buckets: every token lands in bucket 1.
        Assert.Equal([1L, 1, 1, 1, 1, 0], HashedNgrams.Tokens("x y z", 2, 6));
        Assert.Equal([0L, 0], HashedNgrams.Tokens("...", 100, 2));
    }

    [Fact]
    public void BadSizesAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HashedNgrams.Tokens("a", 1, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => HashedNgrams.Tokens("a", 10, 0));
    }
}
