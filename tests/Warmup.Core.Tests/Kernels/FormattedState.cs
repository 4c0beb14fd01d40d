using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// A tensor's m and v as <see cref="FormattedKernel"/> stores them, in arrays: bfloat16 values, or 8-bit codes of m
/// and of sqrt(v) with a scale per block. Encoded and decoded with the codecs directly (to nearest for bfloat16), as a
/// test writes the state before a step and reads it after.
/// </summary>
internal sealed class FormattedState
{
    private FormattedState(StateFormat format, int length)
    {
        Format = format;
        int blocks = Blockwise.Blocks(length);
        (MBFloat16, VBFloat16) = format == StateFormat.BFloat16 ? (new ushort[length], new ushort[length]) : ([], []);
        (MCodes, VCodes, MScales, VScales) = format == StateFormat.Int8Blockwise
            ? (new byte[length], new byte[length], new float[blocks], new float[blocks])
            : ([], [], [], []);
    }

    public StateFormat Format { get; }

    public ushort[] MBFloat16 { get; }

    public ushort[] VBFloat16 { get; }

    public byte[] MCodes { get; }

    public byte[] VCodes { get; }

    public float[] MScales { get; }

    public float[] VScales { get; }

    /// <summary>The state of float32 <paramref name="m"/> and <paramref name="v"/> (v &gt;= 0).</summary>
    public static FormattedState Encode(StateFormat format, float[] m, float[] v)
    {
        var s = new FormattedState(format, m.Length);
        if (format == StateFormat.BFloat16)
        {
            BFloat16Codec.EncodeNearest(m, s.MBFloat16);
            BFloat16Codec.EncodeNearest(v, s.VBFloat16);
        }
        else
        {
            (var mc, var ms) = Blockwise.Encode<SignedFloat8>(m);
            (var vc, var vs) = Blockwise.Encode<UnsignedFloat8>(Blockwise.Root(v));
            mc.CopyTo(s.MCodes, 0);
            ms.CopyTo(s.MScales, 0);
            vc.CopyTo(s.VCodes, 0);
            vs.CopyTo(s.VScales, 0);
        }

        return s;
    }

    /// <summary>m and v as float32 (8-bit: v as the square of the decoded sqrt(v), in float32, as the kernel squares it).</summary>
    public (float[] M, float[] V) Decode()
    {
        if (Format == StateFormat.BFloat16)
        {
            var m = new float[MBFloat16.Length];
            var v = new float[VBFloat16.Length];
            BFloat16Codec.Decode(MBFloat16, m);
            BFloat16Codec.Decode(VBFloat16, v);
            return (m, v);
        }

        return (Blockwise.Decode<SignedFloat8>(MCodes, MScales), Blockwise.Squared(Blockwise.Decode<UnsignedFloat8>(VCodes, VScales)));
    }

    /// <summary>m's storage for elements [first block * block size, ...) of the tensor (its blocks from <paramref name="firstBlock"/> on).</summary>
    public MomentStorage M(int firstBlock = 0, int blocks = int.MaxValue) => Storage(MBFloat16, MCodes, MScales, firstBlock, blocks);

    /// <summary>v's storage, as <see cref="M"/>.</summary>
    public MomentStorage V(int firstBlock = 0, int blocks = int.MaxValue) => Storage(VBFloat16, VCodes, VScales, firstBlock, blocks);

    public FormattedState Clone()
    {
        var s = new FormattedState(Format, Math.Max(MBFloat16.Length, MCodes.Length));
        MBFloat16.CopyTo(s.MBFloat16, 0);
        VBFloat16.CopyTo(s.VBFloat16, 0);
        MCodes.CopyTo(s.MCodes, 0);
        VCodes.CopyTo(s.VCodes, 0);
        MScales.CopyTo(s.MScales, 0);
        VScales.CopyTo(s.VScales, 0);
        return s;
    }

    /// <summary>Asserts that <paramref name="actual"/> holds the same bits.</summary>
    public void AssertSame(FormattedState actual, string what)
    {
        BitAssert.Equal(MBFloat16, actual.MBFloat16, $"{what}: m");
        BitAssert.Equal(VBFloat16, actual.VBFloat16, $"{what}: v");
        BitAssert.Equal(MCodes, actual.MCodes, $"{what}: m's codes");
        BitAssert.Equal(VCodes, actual.VCodes, $"{what}: sqrt(v)'s codes");
        BitAssert.Equal(MScales, actual.MScales, $"{what}: m's scales");
        BitAssert.Equal(VScales, actual.VScales, $"{what}: sqrt(v)'s scales");
    }

    private MomentStorage Storage(ushort[] values, byte[] codes, float[] scales, int firstBlock, int blocks)
    {
        int length = Math.Max(values.Length, codes.Length);
        int start = Math.Min(length, firstBlock * Blockwise.Block);
        int end = (int)Math.Min(length, (firstBlock + (long)blocks) * Blockwise.Block);
        return Format == StateFormat.BFloat16
            ? MomentStorage.OfBFloat16(values.AsSpan(start, end - start))
            : MomentStorage.OfCodes(codes.AsSpan(start, end - start), scales.AsSpan(firstBlock, Blockwise.Blocks(end) - firstBlock));
    }
}
