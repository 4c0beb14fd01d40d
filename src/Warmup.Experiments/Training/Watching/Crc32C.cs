using System.Numerics;

namespace Warmup.Experiments.Training.Watching;

/// <summary>
/// CRC-32C (Castagnoli) and the masked form that TFRecord framing stores (the record format of TensorFlow's
/// <c>tensorflow/core/lib/io/record_writer.h</c> and the mask of <c>tensorflow/core/lib/hash/crc32c.h</c>).
/// </summary>
internal static class Crc32C
{
    /// <summary>The constant TFRecord adds to a rotated CRC (<c>kMaskDelta</c> in <c>tensorflow/core/lib/hash/crc32c.h</c>).</summary>
    public const uint MaskDelta = 0xa282ead8;

    /// <summary>
    /// The CRC-32C of <paramref name="data"/>: reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF
    /// (the check value of "123456789" is 0xE3069283). <see cref="BitOperations.Crc32C(uint, byte)"/> supplies the
    /// polynomial step (the SSE 4.2 / ARMv8 instruction where there is one).
    /// </summary>
    /// <param name="data">The bytes.</param>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>A CRC as TFRecord stores it: rotated right by 15 bits, plus <see cref="MaskDelta"/>.</summary>
    /// <param name="crc">The CRC.</param>
    public static uint Mask(uint crc) => BitOperations.RotateRight(crc, 15) + MaskDelta;

    /// <summary>The masked CRC-32C of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    public static uint Masked(ReadOnlySpan<byte> data) => Mask(Compute(data));
}
