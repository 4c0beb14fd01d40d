using System.Runtime.Intrinsics;
using Warmup.Analysis.Random;

namespace Warmup.Analysis.Tests.Random;

/// <summary>The Box-Muller kernels against System.Math in double, over their whole domains.</summary>
public class BoxMullerMathTests
{
    [Fact]
    public void LogMatchesMathLogOnTheUnitInterval()
    {
        // Every 24-bit uniform the generator can produce is k / 2^24, k = 1..2^24; test a dense subset and the ends.
        var ks = Enumerable.Range(1, 4096).Select(i => i).Concat(Enumerable.Range(0, 20_000).Select(i => 1 + (i * 838))).Append(1 << 24);
        foreach (var chunk in ks.Chunk(8).Where(c => c.Length == 8))
        {
            var u = Vector256.Create(chunk.Select(k => k / (float)(1 << 24)).ToArray());
            var got = BoxMullerMath.Log(u);
            for (int i = 0; i < 8; i++)
            {
                double expected = Math.Log(u[i]);
                Assert.True(Math.Abs(got[i] - expected) <= 4e-7 * Math.Max(1, Math.Abs(expected)), $"ln({u[i]:R}) = {got[i]:R}, expected {expected:R}");
            }
        }
    }

    [Fact]
    public void SinCosMatchMathOverAWholeTurn()
    {
        for (int i = 0; i < 100_000; i += 8)
        {
            var u = Vector256.Create(Enumerable.Range(i, 8).Select(k => k / 100_000f).ToArray());
            var (sin, cos) = BoxMullerMath.SinCosTwoPi(u);
            for (int j = 0; j < 8; j++)
            {
                double angle = 2 * Math.PI * u[j];
                Assert.True(Math.Abs(sin[j] - Math.Sin(angle)) <= 5e-7, $"sin at u = {u[j]}");
                Assert.True(Math.Abs(cos[j] - Math.Cos(angle)) <= 5e-7, $"cos at u = {u[j]}");
            }
        }
    }
}
