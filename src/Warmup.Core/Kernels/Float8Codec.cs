using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// The 8-bit codes of <see cref="Updates.StateFormat.Int8Blockwise"/>: a value x of a block with scale s (its absolute
/// maximum) is stored as y = |x| / s in [0, 1] with <c>E = 4</c> exponent bits and <c>M</c> mantissa bits (M = 3
/// with a sign bit for m, M = 4 without for sqrt(v)), a floating-point code relative to the block: for
/// y &gt;= 2^-14 the code is (e &lt;&lt; M) | f for y = (1 + f / 2^M) * 2^(e - 15), e = 1 .. 15; below, subnormal,
/// y = code * 2^-(14 + M) for code &lt; 2^M; so codes rise with y, 1 is code 15 &lt;&lt; M, and 0 is 0. Encoding rounds
/// y to the nearest code (ties to even) by integer arithmetic on y's float32 bits, with no table and no search, so it
/// runs in SIMD lanes; decoding is the exact inverse times s. The same IEEE operations in the SIMD body and the scalar
/// tail, and in the NumPy reference of the tests.
/// </summary>
/// <remarks>
/// y is computed in float32 as |x| * r with r = 1 / s rounded to float32 when r is a normal float (s above 2^-128 and up
/// to 2^126: one multiplication per element), and as |x| / s otherwise: for s &lt;= 2^-128 (2.9e-39, the smaller
/// subnormals) r overflows to infinity and would turn every nonzero x into the largest code, and for s &gt; 2^126 r is
/// subnormal and has lost bits. A block that holds a NaN or an infinity has that scale (AbsMax propagates both); its
/// codes are all 0, and it decodes to NaN throughout (0 times a NaN or infinite scale), so that a diverged moment shows.
/// </remarks>
internal static class Float8Codec
{
    private const float Magic = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer, ties to even
    private const float SmallestNormal = 1f / 16384f; // 2^-14

    /// <summary>
    /// The largest |x| of <paramref name="x"/> (0 for none; NaN if any is NaN; infinity if any is infinite and none NaN).
    /// </summary>
    /// <remarks>
    /// Taken on the bits: with the sign bit cleared, the IEEE 754 patterns of non-negative floats order as unsigned
    /// integers order (0 &lt; subnormals &lt; normals &lt; infinity &lt; NaNs), so an integer maximum (one cycle of
    /// latency) gives the float maximum, NaN included, without the compare-and-select chain of a NaN-propagating float
    /// maximum, which made this reduction the 8-bit step's most expensive part (0.6 ns per element, measured).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float AbsMax(ReadOnlySpan<float> x)
    {
        ref uint x0 = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(x));
        var magnitude = new Vector<uint>(0x7FFF_FFFFu);
        var a = Vector<uint>.Zero;
        var b = Vector<uint>.Zero;
        int i = 0;
        for (; i <= x.Length - (2 * Vector<uint>.Count); i += 2 * Vector<uint>.Count)
        {
            a = Vector.Max(a, Vector.LoadUnsafe(ref x0, (nuint)i) & magnitude);
            b = Vector.Max(b, Vector.LoadUnsafe(ref x0, (nuint)(i + Vector<uint>.Count)) & magnitude);
        }

        a = Vector.Max(a, b);
        uint m = 0;
        for (int k = 0; k < Vector<uint>.Count; k++)
        {
            m = Math.Max(m, a[k]);
        }

        for (; i < x.Length; i++)
        {
            m = Math.Max(m, Unsafe.Add(ref x0, i) & 0x7FFF_FFFFu);
        }

        return BitConverter.UInt32BitsToSingle(m);
    }

    /// <summary>Encodes <paramref name="x"/> with <paramref name="scale"/> (its absolute maximum) into codes of <typeparamref name="TMap"/>.</summary>
    /// <typeparam name="TMap">The code layout.</typeparam>
    /// <param name="x">The values.</param>
    /// <param name="scale">Their absolute maximum (0, NaN or infinity: every code is 0).</param>
    /// <param name="codes">The codes, as long as <paramref name="x"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode<TMap>(ReadOnlySpan<float> x, float scale, Span<byte> codes)
        where TMap : struct, IFloat8Map
    {
        if (codes.Length != x.Length)
        {
            throw new ArgumentException($"{x.Length} values, {codes.Length} codes.", nameof(codes));
        }

        if (!(scale > 0) || float.IsPositiveInfinity(scale))
        {
            codes.Clear();
            return;
        }

        // y = |x| * (1 / s) while 1 / s is a normal float, else y = |x| / s (see the remarks); the choice is per call.
        float inverse = 1f / scale;
        bool divide = !float.IsNormal(inverse);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref byte c0 = ref MemoryMarshal.GetReference(codes);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var inv = new Vector<float>(inverse);
            var s = new Vector<float>(scale);

            // Four vectors of codes narrowed to one vector of bytes and stored at once, then one vector at a time.
            int wide = Vector<byte>.Count;
            for (; i <= x.Length - wide; i += wide)
            {
                var a = Vector.Narrow(EncodeAt<TMap>(ref x0, i, divide, inv, s), EncodeAt<TMap>(ref x0, i + Vector<uint>.Count, divide, inv, s));
                var b = Vector.Narrow(EncodeAt<TMap>(ref x0, i + (2 * Vector<uint>.Count), divide, inv, s), EncodeAt<TMap>(ref x0, i + (3 * Vector<uint>.Count), divide, inv, s));
                Vector.Narrow(a, b).StoreUnsafe(ref c0, (nuint)i);
            }

            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                StoreBytes(EncodeAt<TMap>(ref x0, i, divide, inv, s), ref c0, i);
            }
        }

        for (; i < x.Length; i++)
        {
            float v = Unsafe.Add(ref x0, i);
            uint code = EncodeMagnitude<TMap>(divide ? MathF.Abs(v) / scale : MathF.Abs(v) * inverse);
            if (TMap.Signed && v < 0)
            {
                code |= 0x80u;
            }

            Unsafe.Add(ref c0, i) = (byte)code;
        }
    }

    /// <summary>Decodes <paramref name="codes"/> of <typeparamref name="TMap"/> with <paramref name="scale"/> into <paramref name="x"/>.</summary>
    /// <typeparam name="TMap">The code layout.</typeparam>
    /// <param name="codes">The codes.</param>
    /// <param name="scale">The block's scale.</param>
    /// <param name="x">The values, as long as <paramref name="codes"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode<TMap>(ReadOnlySpan<byte> codes, float scale, Span<float> x)
        where TMap : struct, IFloat8Map
    {
        if (codes.Length != x.Length)
        {
            throw new ArgumentException($"{codes.Length} codes, {x.Length} values.", nameof(x));
        }

        ref byte c0 = ref MemoryMarshal.GetReference(codes);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);

            // One vector of bytes loaded and widened to four vectors of codes, then one vector at a time.
            int wide = Vector<byte>.Count;
            for (; i <= x.Length - wide; i += wide)
            {
                Vector.Widen(Vector.LoadUnsafe(ref c0, (nuint)i), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> c1, out Vector<uint> c2);
                Vector.Widen(high, out Vector<uint> c3, out Vector<uint> c4);
                DecodeTo<TMap>(c1, s, ref x0, i);
                DecodeTo<TMap>(c2, s, ref x0, i + Vector<uint>.Count);
                DecodeTo<TMap>(c3, s, ref x0, i + (2 * Vector<uint>.Count));
                DecodeTo<TMap>(c4, s, ref x0, i + (3 * Vector<uint>.Count));
            }

            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                DecodeTo<TMap>(LoadBytes(ref c0, i), s, ref x0, i);
            }
        }

        for (; i < x.Length; i++)
        {
            uint code = Unsafe.Add(ref c0, i);
            float magnitude = DecodeMagnitude<TMap>(TMap.Signed ? code & 0x7Fu : code) * scale;
            Unsafe.Add(ref x0, i) = TMap.Signed && (code & 0x80u) != 0 ? -magnitude : magnitude;
        }
    }

    // The codes of the vector of x at index i (the sign in bit 7 for a signed map).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> EncodeAt<TMap>(ref float x0, int i, bool divide, Vector<float> inverse, Vector<float> scale)
        where TMap : struct, IFloat8Map
    {
        var v = Vector.LoadUnsafe(ref x0, (nuint)i);
        var code = EncodeMagnitude<TMap>(divide ? Vector.Abs(v) / scale : Vector.Abs(v) * inverse);
        if (TMap.Signed)
        {
            code |= Vector.ConditionalSelect(Vector.AsVectorUInt32(Vector.LessThan(v, Vector<float>.Zero)), new Vector<uint>(0x80u), Vector<uint>.Zero);
        }

        return code;
    }

    // The values of a vector of codes, stored at index i.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DecodeTo<TMap>(Vector<uint> code, Vector<float> scale, ref float x0, int i)
        where TMap : struct, IFloat8Map
    {
        var magnitude = DecodeMagnitude<TMap>(TMap.Signed ? code & new Vector<uint>(0x7Fu) : code) * scale;
        if (TMap.Signed)
        {
            magnitude = Vector.AsVectorSingle(Vector.AsVectorUInt32(magnitude) | ((code & new Vector<uint>(0x80u)) << 24));
        }

        magnitude.StoreUnsafe(ref x0, (nuint)i);
    }

    /// <summary>The code of y in [0, 1] (see the class).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint EncodeMagnitude<TMap>(float y)
        where TMap : struct, IFloat8Map
    {
        int shift = 23 - TMap.MantissaBits;
        uint bits = BitConverter.SingleToUInt32Bits(y);
        uint rounded = bits + ((1u << (shift - 1)) - 1) + ((bits >> shift) & 1);
        uint normal = (rounded >> shift) - (112u << TMap.MantissaBits);
        uint subnormal = (uint)((y * TMap.SubnormalScale) + Magic - Magic);
        return y >= SmallestNormal ? normal : subnormal;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> EncodeMagnitude<TMap>(Vector<float> y)
        where TMap : struct, IFloat8Map
    {
        int shift = 23 - TMap.MantissaBits;
        var bits = Vector.AsVectorUInt32(y);
        var rounded = bits + new Vector<uint>((1u << (shift - 1)) - 1) + (Vector.ShiftRightLogical(bits, shift) & Vector<uint>.One);
        var normal = Vector.ShiftRightLogical(rounded, shift) - new Vector<uint>(112u << TMap.MantissaBits);
        var isNormal = Vector.GreaterThanOrEqual(y, new Vector<float>(SmallestNormal));
        if (Vector.EqualsAll(isNormal, new Vector<int>(-1)))
        {
            return normal;   // the usual case: no y of the vector is below 2^-14 of the block's largest
        }

        // A signed conversion: the value is a whole number below 2^M, and x86 before AVX-512 has no unsigned one (.NET
        // emulates it in several instructions).
        var subnormal = Vector.AsVectorUInt32(Vector.ConvertToInt32((y * new Vector<float>(TMap.SubnormalScale)) + new Vector<float>(Magic) - new Vector<float>(Magic)));
        return Vector.ConditionalSelect(Vector.AsVectorUInt32(isNormal), normal, subnormal);
    }

    /// <summary>The y in [0, 1] of a magnitude code (see the class).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float DecodeMagnitude<TMap>(uint code)
        where TMap : struct, IFloat8Map =>
        code >= (1u << TMap.MantissaBits)
            ? BitConverter.UInt32BitsToSingle((code + (112u << TMap.MantissaBits)) << (23 - TMap.MantissaBits))
            : code * (1f / TMap.SubnormalScale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> DecodeMagnitude<TMap>(Vector<uint> code)
        where TMap : struct, IFloat8Map
    {
        var normal = Vector.AsVectorSingle(Vector.ShiftLeft(code + new Vector<uint>(112u << TMap.MantissaBits), 23 - TMap.MantissaBits));
        var subnormal = Vector.ConvertToSingle(Vector.AsVectorInt32(code)) * new Vector<float>(1f / TMap.SubnormalScale);   // codes < 256: signed conversion (see EncodeMagnitude)
        return Vector.ConditionalSelect(Vector.AsVectorInt32(Vector.GreaterThanOrEqual(code, new Vector<uint>(1u << TMap.MantissaBits))), normal, subnormal);
    }

    // The low byte of each element, stored as Vector<uint>.Count consecutive bytes (and no more).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBytes(Vector<uint> code, ref byte destination, int index)
    {
        var bytes = Vector.Narrow(Vector.Narrow(code, Vector<uint>.Zero), Vector<ushort>.Zero);
        ref byte at = ref Unsafe.Add(ref destination, index);
        switch (Vector<uint>.Count)
        {
            case 4:
                Unsafe.WriteUnaligned(ref at, Vector.AsVectorUInt32(bytes)[0]);
                break;
            case 8:
                Unsafe.WriteUnaligned(ref at, Vector.AsVectorUInt64(bytes)[0]);
                break;
            default:
                for (int k = 0; k < Vector<uint>.Count; k++)
                {
                    Unsafe.Add(ref at, k) = bytes[k];
                }

                break;
        }
    }

    // Vector<uint>.Count consecutive bytes (and no more), one per element.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> LoadBytes(ref byte source, int index)
    {
        ref byte at = ref Unsafe.Add(ref source, index);
        Vector<byte> bytes = Vector<uint>.Count switch
        {
            4 => Vector.AsVectorByte(new Vector<uint>(Unsafe.ReadUnaligned<uint>(ref at))),
            8 => Vector.AsVectorByte(new Vector<ulong>(Unsafe.ReadUnaligned<ulong>(ref at))),
            _ => Gather(ref at),
        };
        Vector.Widen(bytes, out Vector<ushort> low, out _);
        Vector.Widen(low, out Vector<uint> result, out _);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector<byte> Gather(ref byte at)
    {
        Span<byte> buffer = stackalloc byte[Vector<byte>.Count];
        for (int k = 0; k < Vector<uint>.Count; k++)
        {
            buffer[k] = Unsafe.Add(ref at, k);
        }

        return new Vector<byte>(buffer);
    }
}
