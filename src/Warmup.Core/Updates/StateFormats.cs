namespace Warmup.Core.Updates;

/// <summary>Facts of the <see cref="StateFormat"/>s: block size, size threshold, bytes per element.</summary>
public static class StateFormats
{
    /// <summary>
    /// Elements per quantization block of <see cref="StateFormat.Int8Blockwise"/> (each block has its own scale), as in
    /// Dettmers et al. (2022), Section 2: 2,048.
    /// </summary>
    public const int BlockElements = 2048;

    /// <summary>
    /// Tensors of fewer elements keep float32 state whatever their group's format (biases, norms: bitsandbytes' threshold,
    /// 4,096): their state is little memory, and they are where low precision costs most.
    /// </summary>
    public const int MinimumElements = 4096;

    /// <summary>The format a tensor of <paramref name="elements"/> elements gets in a group of format <paramref name="format"/>.</summary>
    /// <param name="format">The group's format.</param>
    /// <param name="elements">The tensor's element count.</param>
    public static StateFormat For(StateFormat format, long elements) => elements < MinimumElements ? StateFormat.Float32 : format;

    /// <summary>Bytes of m and v together per element, scales included (an upper bound for a partial last block).</summary>
    /// <param name="format">The format.</param>
    /// <param name="elements">Elements of the tensor.</param>
    public static long StateBytes(StateFormat format, long elements) => format switch
    {
        StateFormat.Float32 => 8 * elements,
        StateFormat.BFloat16 => 4 * elements,
        StateFormat.Int8Blockwise => (2 * elements) + (2 * sizeof(float) * Blocks(elements)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown state format."),
    };

    /// <summary>Quantization blocks of a tensor of <paramref name="elements"/> elements.</summary>
    /// <param name="elements">Elements of the tensor.</param>
    public static long Blocks(long elements) => (elements + BlockElements - 1) / BlockElements;
}
