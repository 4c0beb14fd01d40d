namespace Warmup.Core.Kernels;

/// <summary>
/// One moment's memory for a run of whole quantization blocks in a <see cref="Updates.StateFormat"/> other than
/// float32: bfloat16 values, or 8-bit codes with one scale per block of <see cref="Updates.StateFormats.BlockElements"/>.
/// </summary>
internal ref struct MomentStorage
{
    /// <summary>bfloat16 values (BFloat16 format).</summary>
    public Span<ushort> BFloat16;

    /// <summary>8-bit codes (Int8Blockwise).</summary>
    public Span<byte> Codes;

    /// <summary>One scale per block of the codes (Int8Blockwise).</summary>
    public Span<float> Scales;

    /// <summary>bfloat16 storage.</summary>
    public static MomentStorage OfBFloat16(Span<ushort> values) => new() { BFloat16 = values };

    /// <summary>8-bit storage.</summary>
    public static MomentStorage OfCodes(Span<byte> codes, Span<float> scales) => new() { Codes = codes, Scales = scales };
}
