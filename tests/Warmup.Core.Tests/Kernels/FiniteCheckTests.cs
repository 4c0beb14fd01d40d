using Warmup.Core.Kernels;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// <see cref="FiniteCheck.All"/> against <see cref="float.IsFinite"/>: every length 0..256 (every split between the
/// unrolled body, the single-vector loop and the scalar tail) with one non-finite value at every position.
/// </summary>
public class FiniteCheckTests
{
    public static TheoryData<float> NonFinite() => [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC0_1234)];

    [Theory]
    [MemberData(nameof(NonFinite))]
    public void FindsOneNonFiniteValueAtEveryPositionOfEveryLength(float bad)
    {
        for (int n = 0; n <= 256; n++)
        {
            var values = Finite(n);
            Assert.True(FiniteCheck.All(values), $"length {n}, all finite");
            for (int at = 0; at < n; at++)
            {
                float kept = values[at];
                values[at] = bad;
                Assert.False(FiniteCheck.All(values), $"length {n}, {bad} at {at}");
                values[at] = kept;
            }
        }
    }

    /// <summary>The extremes of the finite range: x - x is exactly 0 for each, so none may read as non-finite.</summary>
    [Fact]
    public void ExtremeFiniteValuesAreFinite()
    {
        float[] extremes = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, 1e-40f, 3.4e38f];
        var values = Enumerable.Range(0, 256).Select(i => extremes[i % extremes.Length]).ToArray();
        for (int n = 0; n <= values.Length; n++)
        {
            Assert.True(FiniteCheck.All(values.AsSpan(0, n)));
        }
    }

    // Seeded values spanning many magnitudes and both signs.
    private static float[] Finite(int n)
    {
        var rng = new Random(n);
        return Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-30, 30)))).ToArray();
    }
}
