namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// Deterministic inputs for the state formats' tests: zeros of both signs, negatives, magnitudes over many binades,
/// values in the subnormal range of a block's codes, and exact ties of both roundings (all finite), and the NaNs,
/// infinities and near-overflows of <see cref="BFloat16WithEdges"/>.
/// </summary>
internal static class QuantizationInputs
{
    /// <summary>
    /// float32 bit patterns at the edges of bfloat16: NaNs whose payload is only in the dropped half (0x7F800001, which
    /// a carry would make infinite; 0x7FFFFFFF and 0xFFFFFFFF, which would wrap to -0 and +0), quiet NaNs, infinities,
    /// the largest float32 and the halfway point to infinity (both round to it), the largest bfloat16 and just below
    /// the halfway point, zeros, and subnormals with ties.
    /// </summary>
    public static readonly uint[] BFloat16Edges =
    [
        0x7F800001, 0x7F80FFFF, 0x7FBFFFFF, 0x7FC00000, 0x7FC00001, 0x7FFF8000, 0x7FFFFFFF, 0xFF800001, 0xFFC00000, 0xFFFFFFFF,
        0x7F800000, 0xFF800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F7F8000, 0xFF7F8000, 0x7F7F0000, 0x7F7F7FFF, 0x7F7E8000,
        0x00000000, 0x80000000, 0x00000001, 0x00008000, 0x00018000, 0x007FFFFF, 0x807F8000, 0x00800000,
    ];

    /// <summary>
    /// Values for the 8-bit codes, block by block: a block is all zeros, or has a scale (a power of two, so that ties
    /// relative to it are exact, or any float) that one element equals (up to sign) and the others do not exceed.
    /// </summary>
    public static float[] Float8Values(Random rng, int n)
    {
        var x = new float[n];
        for (int start = 0; start < n; start += Blockwise.Block)
        {
            FillBlock(rng, x.AsSpan(start, Math.Min(Blockwise.Block, n - start)));
        }

        return x;
    }

    /// <summary>Finite floats of every binade, with the dropped half of the bits often a tie (0x8000), 0, or next to a tie.</summary>
    public static float[] BFloat16Values(Random rng, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            uint high = ((uint)rng.Next(255) << 7) | (uint)rng.Next(128); // exponent 0 .. 254, 7 mantissa bits
            uint low = rng.Next(20) switch
            {
                < 8 => (uint)rng.Next(0x10000),
                < 12 => 0x8000u,
                < 14 => 0u,
                14 => 0x7FFFu,
                15 => 0x8001u,
                16 => 0xFFFFu,
                _ => (uint)rng.Next(2),
            };
            uint bits = (high << 16) | low | (rng.Next(2) == 0 ? 0x80000000u : 0u);
            x[i] = rng.Next(25) == 0 ? 0f : BitConverter.UInt32BitsToSingle(bits);
        }

        return x;
    }

    /// <summary>
    /// <see cref="BFloat16Values"/> with one value in eight replaced by a float32 at the edges of bfloat16:
    /// <see cref="BFloat16Edges"/> or a NaN of random sign and payload.
    /// </summary>
    public static float[] BFloat16WithEdges(Random rng, int n)
    {
        var x = BFloat16Values(rng, n);
        for (int i = 0; i < n; i++)
        {
            if (rng.Next(8) == 0)
            {
                x[i] = rng.Next(3) == 0
                    ? BitConverter.UInt32BitsToSingle(0x7F800000u | (uint)rng.Next(1, 0x800000) | (rng.Next(2) == 0 ? 0x80000000u : 0u))
                    : BitConverter.UInt32BitsToSingle(BFloat16Edges[rng.Next(BFloat16Edges.Length)]);
            }
        }

        return x;
    }

    /// <summary>Magnitudes log-uniform in [2^lo, 2^hi], random signs, one in ten zero.</summary>
    public static float[] Signed(Random rng, int n, int lo, int hi) =>
        [.. Enumerable.Range(0, n).Select(_ => rng.Next(10) == 0 ? 0f : (float)(Math.Pow(2, lo + ((hi - lo) * rng.NextDouble())) * (rng.Next(2) == 0 ? -1 : 1)))];

    /// <summary>Random bytes.</summary>
    public static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static void FillBlock(Random rng, Span<float> x)
    {
        if (x.Length == 0)
        {
            return;
        }

        if (rng.Next(10) == 0)
        {
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.Next(2) == 0 ? 0f : -0f;
            }

            return;
        }

        // Powers of two over the ordinary range; tiny powers of two, whose reciprocal overflows float32 from 2^-128 down;
        // any float32 over most of the range; huge scales, whose reciprocal is subnormal from 2^126 up.
        float scale = rng.Next(8) switch
        {
            < 3 => (float)Math.ScaleB(1, rng.Next(-100, 101)),
            3 => (float)Math.ScaleB(1, rng.Next(-149, -120)),
            < 7 => (float)Math.Pow(2, -149 + (276.9 * rng.NextDouble())),
            _ => (float)Math.Pow(2, 125 + (2.999 * rng.NextDouble())),
        };
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(Relative(rng) * scale) * (rng.Next(2) == 0 ? -1 : 1);
        }

        x[rng.Next(x.Length)] = rng.Next(2) == 0 ? scale : -scale;
    }

    private static double Relative(Random rng) => rng.Next(10) switch
    {
        0 => 0,
        1 or 2 => Tie(rng),
        < 7 => Math.Pow(2, -30 * rng.NextDouble()),
        < 9 => rng.NextDouble(),
        _ => 1,
    };

    // Exactly halfway between two adjacent codes of M = 3 or 4 mantissa bits, relative to the scale: between two
    // subnormal codes, between the largest subnormal and the smallest normal code, or between two normal codes.
    private static double Tie(Random rng)
    {
        int m = rng.Next(3, 5);
        if (rng.Next(4) == 0)
        {
            return (rng.Next(1 << m) + 0.5) * Math.ScaleB(1, -(14 + m));
        }

        return ((1 << m) + rng.Next(1 << m) + 0.5) * Math.ScaleB(1, rng.Next(1, 15) - 15 - m);
    }
}
