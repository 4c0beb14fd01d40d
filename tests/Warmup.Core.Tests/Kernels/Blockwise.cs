using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>A whole tensor through <see cref="Float8Codec"/>, one call per block of <see cref="StateFormats.BlockElements"/>, as the tests do it by hand.</summary>
internal static class Blockwise
{
    public const int Block = StateFormats.BlockElements;

    public static int Blocks(int n) => (int)StateFormats.Blocks(n);

    /// <summary>Codes and per-block scales (each block's absolute maximum) of <paramref name="x"/>.</summary>
    public static (byte[] Codes, float[] Scales) Encode<TMap>(float[] x)
        where TMap : struct, IFloat8Map
    {
        var codes = new byte[x.Length];
        var scales = new float[Blocks(x.Length)];
        for (int b = 0; b < scales.Length; b++)
        {
            var block = Slice(x, b);
            scales[b] = Float8Codec.AbsMax(block);
            Float8Codec.Encode<TMap>(block, scales[b], codes.AsSpan(b * Block, block.Length));
        }

        return (codes, scales);
    }

    public static float[] Decode<TMap>(byte[] codes, float[] scales)
        where TMap : struct, IFloat8Map
    {
        var x = new float[codes.Length];
        for (int b = 0; b < scales.Length; b++)
        {
            int n = Math.Min(Block, codes.Length - (b * Block));
            Float8Codec.Decode<TMap>(codes.AsSpan(b * Block, n), scales[b], x.AsSpan(b * Block, n));
        }

        return x;
    }

    public static float[] Squared(float[] x) => [.. x.Select(a => a * a)];

    public static float[] Root(float[] x) => [.. x.Select(MathF.Sqrt)];

    private static ReadOnlySpan<float> Slice(float[] x, int b) => x.AsSpan(b * Block, Math.Min(Block, x.Length - (b * Block)));
}
