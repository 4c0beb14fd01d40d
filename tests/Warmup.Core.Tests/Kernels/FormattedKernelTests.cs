using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// <see cref="FormattedKernel"/> against the float32 <see cref="AdamKernel"/> on the state as stored: the parameters
/// must come out bit for bit as the float32 step from the decoded moments gives them, and the moments stored after the
/// step must be the float32 step's moments within the format's error; step after step, for both formats, every step
/// kind, on 3 blocks and a tail of 77 whose magnitudes differ by block.
/// </summary>
/// <remarks>
/// The format's error, per element of the float32 step's new moment x:
/// <list type="bullet">
/// <item>bfloat16, rounded stochastically to one of x's two neighbours: less than their distance, the bfloat16 spacing
/// at x: 2^(e - 7) &lt;= 2^-7 |x| for x in [2^e, 2^(e+1)), 2^-133 among subnormals.</item>
/// <item>8-bit m: <see cref="Float8CodecPropertyTests.ErrorBound"/> with M = 3 and the block's scale, which must be
/// the block's absolute maximum of the new m: about 2^-4 |x|, or 2^-18 of the scale for |x| below 2^-14 of it.</item>
/// <item>8-bit v, stored as r = sqrt(v) (float32): r comes back within e = ErrorBound(4, r, the block's maximum of r),
/// about 2^-5 r; squared, |r'^2 - r^2| &lt;= e (2 r + e), about 2^-4 v, plus the float32 roundings of the root and
/// the square (2^-21 of v and of r'^2 covers them).</item>
/// </list>
/// </remarks>
public class FormattedKernelTests
{
    private const int Block = StateFormats.BlockElements;
    private const int Length = (3 * Block) + 77;
    private const ulong Seed = 0xC0FFEE;

    public static TheoryData<StateFormat, StepKind> Cases()
    {
        var data = new TheoryData<StateFormat, StepKind>();
        foreach (var format in new[] { StateFormat.BFloat16, StateFormat.Int8Blockwise })
        {
            foreach (var kind in Enum.GetValues<StepKind>())
            {
                data.Add(format, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StepsAgreeWithTheFloat32KernelWithinTheFormatsError(StateFormat format, StepKind kind)
    {
        var rng = new Random(71 + (int)kind);
        var p = QuantizationInputs.Signed(rng, Length, -3, 1);
        var state = FormattedState.Encode(format, Gradient(rng, 0.1), [.. Gradient(rng, 1).Select(a => a * a)]);
        for (long t = 1; t <= 5; t++)
        {
            var c = Coefficients(kind, t);
            var g = Gradient(rng, 1);
            var (m, v) = state.Decode();
            var expected = (float[])p.Clone();
            AdamKernel.Step(expected, g, m, v, [], c);
            FormattedKernel.Run(format, p, g, state.M(), state.V(), c, TensorStatistics.None, false, RoundingKey.Of(Seed, t, 0), 0);
            BitAssert.Equal(expected, p, $"{format}, {kind}, step {t}: p");
            var (storedM, storedV) = state.Decode();
            for (int b = 0; b < Blockwise.Blocks(Length); b++)
            {
                int start = b * Block, n = Math.Min(Block, Length - start);
                if (format == StateFormat.BFloat16)
                {
                    WithinBFloat16(m, storedM, start, n, $"{kind}, step {t}: m");
                    WithinBFloat16(v, storedV, start, n, $"{kind}, step {t}: v");
                }
                else
                {
                    WithinCodesOfM(m, storedM, state.MScales[b], start, n, $"{kind}, step {t}");
                    WithinCodesOfV(v, storedV, state.VScales[b], start, n, $"{kind}, step {t}");
                }
            }
        }
    }

    /// <summary>
    /// The statistics of a step are the float32 kernel's, block by block (summed in block order), from the decoded
    /// moments; a preview returns them and changes nothing; a step that reduces them updates as one that does not.
    /// </summary>
    [Theory]
    [InlineData(StateFormat.BFloat16)]
    [InlineData(StateFormat.Int8Blockwise)]
    public void StatisticsAreTheFloat32KernelsBlockByBlockAndAPreviewChangesNothing(StateFormat format)
    {
        var which = TensorStatistics.UpdateSquared | TensorStatistics.GradientRatioSquared | TensorStatistics.ClampedGradientRatio
            | TensorStatistics.ParameterSquared | TensorStatistics.UpdateDotParameter;
        var rng = new Random(72);
        var p = QuantizationInputs.Signed(rng, Length, -3, 1);
        var g = Gradient(rng, 1);
        var state = FormattedState.Encode(format, Gradient(rng, 0.1), [.. Gradient(rng, 1).Select(a => a * a)]);
        var c = Coefficients(StepKind.Adaptive, 3);
        var (m, v) = state.Decode();
        var expectedP = (float[])p.Clone();
        KernelSums preview = default, reduced = default;
        for (int start = 0; start < Length; start += Block)
        {
            int n = Math.Min(Block, Length - start);
            preview += AdamKernel.Preview(p.AsSpan(start, n), g.AsSpan(start, n), m.AsSpan(start, n), v.AsSpan(start, n), default, c, which);
            reduced += AdamKernel.StepAndReduce(expectedP.AsSpan(start, n), g.AsSpan(start, n), m.AsSpan(start, n), v.AsSpan(start, n), default, c, which);
        }

        var before = state.Clone();
        var unchanged = (float[])p.Clone();
        var key = RoundingKey.Of(Seed, 3, 0);
        Assert.Equal(preview, FormattedKernel.Run(format, p, g, state.M(), state.V(), c, which, true, key, 0));
        BitAssert.Equal(unchanged, p, "p after a preview");
        before.AssertSame(state, "state after a preview");

        Assert.Equal(reduced, FormattedKernel.Run(format, p, g, state.M(), state.V(), c, which, false, key, 0));
        BitAssert.Equal(expectedP, p, "p after a reducing step");
        var plainP = (float[])unchanged.Clone();
        FormattedKernel.Run(format, plainP, g, before.M(), before.V(), c, TensorStatistics.None, false, key, 0);
        BitAssert.Equal(plainP, p, "p: reducing step and plain step");
        before.AssertSame(state, "state: reducing step and plain step");
    }

    /// <summary>
    /// A run of whole blocks starting at block k (first index k * 2,048, its own slices of the storage) does what the
    /// whole tensor's run does to those blocks, so that threads can share a tensor's blocks: bfloat16's draws follow the
    /// element's index in the tensor, and each 8-bit block has its own scale.
    /// </summary>
    [Theory]
    [InlineData(StateFormat.BFloat16)]
    [InlineData(StateFormat.Int8Blockwise)]
    public void RunsOfWholeBlocksDoWhatTheWholeRunDoes(StateFormat format)
    {
        var rng = new Random(73);
        var p = QuantizationInputs.Signed(rng, Length, -3, 1);
        var g = Gradient(rng, 1);
        var whole = FormattedState.Encode(format, Gradient(rng, 0.1), [.. Gradient(rng, 1).Select(a => a * a)]);
        var split = whole.Clone();
        var c = Coefficients(StepKind.Adaptive, 2);
        var key = RoundingKey.Of(Seed, 2, 0);
        var pSplit = (float[])p.Clone();
        FormattedKernel.Run(format, p, g, whole.M(), whole.V(), c, TensorStatistics.None, false, key, 0);
        foreach (var (first, blocks) in new[] { (0, 1), (1, 2), (3, 1) })
        {
            int start = first * Block, n = Math.Min(blocks * Block, Length - start);
            FormattedKernel.Run(
                format, pSplit.AsSpan(start, n), g.AsSpan(start, n), split.M(first, blocks), split.V(first, blocks), c, TensorStatistics.None, false, key, start);
        }

        BitAssert.Equal(p, pSplit, "p");
        whole.AssertSame(split, "state");
    }

    /// <summary>
    /// Blocks whose m is tiny (scales 1e-39 and 3 float.Epsilon, whose reciprocal overflows float32, and 1e-30) or huge,
    /// through steps that leave m alone (the second-moment-only kind): m is decoded and encoded again each step and
    /// must keep its codes and scales (once, every nonzero m of the tiny blocks became plus or minus the scale).
    /// </summary>
    [Theory]
    [InlineData(StateFormat.BFloat16)]
    [InlineData(StateFormat.Int8Blockwise)]
    public void TinyAndHugeMomentsKeepTheirValuesThroughSteps(StateFormat format)
    {
        var rng = new Random(74);
        var m = new float[Length];
        float[] scales = [1e-39f, 3 * float.Epsilon, 1e-30f, 1e37f];
        for (int i = 0; i < Length; i++)
        {
            float s = scales[i / Block];
            m[i] = (float)(s * Math.Pow(2, -12 * rng.NextDouble())) * (rng.Next(2) == 0 ? -1 : 1);
        }

        var p = QuantizationInputs.Signed(rng, Length, -3, 1);
        var state = FormattedState.Encode(format, m, [.. Gradient(rng, 1).Select(a => a * a)]);
        var (stored, _) = state.Decode();
        var blockScales = Enumerable.Range(0, Blockwise.Blocks(Length)).Select(b => Float8Codec.AbsMax(m.AsSpan(b * Block, Math.Min(Block, Length - (b * Block))))).ToArray();
        for (long t = 1; t <= 3; t++)
        {
            var c = Coefficients(StepKind.SecondMomentOnly, t);
            FormattedKernel.Run(format, p, Gradient(rng, 1), state.M(), state.V(), c, TensorStatistics.None, false, RoundingKey.Of(Seed, t, 0), 0);
            var (again, _) = state.Decode();
            for (int i = 0; i < Length; i++)
            {
                Assert.True(again[i] == stored[i], $"{format}, step {t}: m[{i}] = {m[i]:R} was stored as {stored[i]:R}, now {again[i]:R}");
                double bound = format == StateFormat.BFloat16 ? BFloat16Spacing(m[i]) : Float8CodecPropertyTests.ErrorBound(3, m[i], blockScales[i / Block]);
                Assert.True(Math.Abs((double)stored[i] - m[i]) <= bound, $"{format}: m[{i}] = {m[i]:R} stored as {stored[i]:R}");
            }
        }
    }

    [Fact]
    public void ARunMustStartAtABlockAndGMustMatchP()
    {
        const StateFormat format = StateFormat.Int8Blockwise;
        var state = FormattedState.Encode(format, new float[100], new float[100]);
        var c = Coefficients(StepKind.Adaptive, 1);
        Assert.Throws<ArgumentException>(() => FormattedKernel.Run(format, new float[100], new float[100], state.M(), state.V(), c, TensorStatistics.None, false, default, 1000));
        Assert.Throws<ArgumentException>(() => FormattedKernel.Run(format, new float[100], new float[99], state.M(), state.V(), c, TensorStatistics.None, false, default, 0));
    }

    internal static AdamCoefficients Coefficients(StepKind kind, long t) => new()
    {
        Kind = kind,
        Beta1 = 0.9,
        Beta2 = 0.999,
        GradientSign = 1,
        L2 = 0, // (an L2 term would tie g to p and undo the blocks' different magnitudes; the NumPy test has one)
        Decay = 1 - (1e-3 * 0.1),
        StepSize = 1e-3 / (1 - Math.Pow(0.9, t)),
        SqrtBiasCorrection2 = Math.Sqrt(1 - Math.Pow(0.999, t)),
        Eps = 1e-8,
    };

    // Gradients whose magnitude differs by block: around 2^-20, 1, 2^-60 and 2^10 of `size`, one in ten zero.
    internal static float[] Gradient(Random rng, double size)
    {
        int[] low = [-26, -6, -66, 4];
        var g = new float[Length];
        for (int b = 0; b * Block < Length; b++)
        {
            int n = Math.Min(Block, Length - (b * Block));
            QuantizationInputs.Signed(rng, n, low[b], low[b] + 8).Select(a => (float)(a * size)).ToArray().CopyTo(g, b * Block);
        }

        return g;
    }

    private static double BFloat16Spacing(float x) => Math.ScaleB(1.0, Math.Max(Math.ILogB(Math.Abs((double)x)), -126) - 7);

    private static void WithinBFloat16(float[] x, float[] stored, int start, int n, string what)
    {
        for (int i = start; i < start + n; i++)
        {
            double error = Math.Abs((double)stored[i] - x[i]);
            Assert.True(x[i] == stored[i] || error < BFloat16Spacing(x[i]), $"{what}[{i}]: {x[i]:R} stored as {stored[i]:R}");
        }
    }

    private static void WithinCodesOfM(float[] m, float[] stored, float scale, int start, int n, string what)
    {
        Assert.Equal(Float8Codec.AbsMax(m.AsSpan(start, n)), scale);
        for (int i = start; i < start + n; i++)
        {
            double error = Math.Abs((double)stored[i] - m[i]), bound = Float8CodecPropertyTests.ErrorBound(3, m[i], scale);
            Assert.True(error <= bound && (stored[i] == 0 || Math.Sign(stored[i]) == Math.Sign(m[i])), $"{what}: m[{i}] = {m[i]:R} stored as {stored[i]:R}, error {error:R} > {bound:R}");
        }
    }

    private static void WithinCodesOfV(float[] v, float[] stored, float scale, int start, int n, string what)
    {
        var root = Blockwise.Root(v[start..(start + n)]);
        Assert.Equal(Float8Codec.AbsMax(root), scale);
        for (int i = start; i < start + n; i++)
        {
            double r = root[i - start], e = Float8CodecPropertyTests.ErrorBound(4, r, scale);
            double bound = (e * ((2 * r) + e)) + Math.ScaleB(v[i] + ((r + e) * (r + e)), -21) + Math.ScaleB(1.0, -149);
            double error = Math.Abs((double)stored[i] - v[i]);
            Assert.True(error <= bound, $"{what}: v[{i}] = {v[i]:R} stored as {stored[i]:R}, error {error:R} > {bound:R}");
        }
    }
}
