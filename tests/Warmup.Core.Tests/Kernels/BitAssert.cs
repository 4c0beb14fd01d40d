namespace Warmup.Core.Tests.Kernels;

/// <summary>Bit-for-bit comparisons of arrays that name the first difference (a million-element Assert.Equal message is no help).</summary>
internal static class BitAssert
{
    /// <summary>The same bits, except that any NaN matches any NaN (which NaN an operation returns is the hardware's choice).</summary>
    public static void Equal(float[] expected, float[] actual, string what) =>
        Equal(Bits(expected), Bits(actual), what, i => $"{expected[i]:R} (0x{BitConverter.SingleToUInt32Bits(expected[i]):X8}), got {actual[i]:R} (0x{BitConverter.SingleToUInt32Bits(actual[i]):X8})");

    public static void Equal<T>(T[] expected, T[] actual, string what)
        where T : unmanaged, IEquatable<T> =>
        Equal(expected, actual, what, i => $"{expected[i]}, got {actual[i]}");

    private static void Equal<T>(T[] expected, T[] actual, string what, Func<int, string> describe)
        where T : IEquatable<T>
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {expected.Length} expected, {actual.Length} values");
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                Assert.Fail($"{what}: element {i} of {expected.Length} differs: expected {describe(i)}");
            }
        }
    }

    private static uint[] Bits(float[] x) => [.. x.Select(a => float.IsNaN(a) ? 0x7FC00000u : BitConverter.SingleToUInt32Bits(a))];
}
