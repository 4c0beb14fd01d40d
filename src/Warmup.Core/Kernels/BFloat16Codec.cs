using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// float32 to and from bfloat16 (the top 16 bits of a float32). Decoding is exact. Encoding rounds either to nearest
/// (ties to even) or stochastically: a 16-bit draw r is added to the float32's bits before the low 16 are dropped, so
/// a value rounds up with probability equal to its distance from the lower bfloat16, and the expected result is the
/// value itself. The draw is a hash of a key (seed, step and stream, <see cref="RoundingKey"/>) and the element's index in
/// its tensor: the same on every run and for any split of the tensor between threads.
/// </summary>
/// <remarks>
/// Both roundings carry into the exponent as IEEE rounding does: a value rounded up past the largest bfloat16
/// (3.3895314e38, 0x7F7F) becomes infinity (to nearest: from the halfway point 0x7F7F8000 up, the tie going to the even
/// 0x7F80), and infinities stay infinities. A NaN stays a NaN: its top half with the quiet bit (0x0040) set, whatever
/// its payload; added to without that care, a NaN whose payload lies in the low half would carry into infinity or wrap
/// to zero.
/// </remarks>
internal static class BFloat16Codec
{
    /// <summary>Widens bfloat16 <paramref name="source"/> to float32 <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"{source.Length} values to decode into {destination.Length}.", nameof(destination));
        }

        ref ushort s0 = ref MemoryMarshal.GetReference(source);
        ref float d0 = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref s0, (nuint)i), out Vector<uint> low, out Vector<uint> high);
                Vector.AsVectorSingle(Vector.ShiftLeft(low, 16)).StoreUnsafe(ref d0, (nuint)i);
                Vector.AsVectorSingle(Vector.ShiftLeft(high, 16)).StoreUnsafe(ref d0, (nuint)(i + Vector<uint>.Count));
            }
        }

        for (; i < source.Length; i++)
        {
            Unsafe.Add(ref d0, i) = BitConverter.UInt32BitsToSingle((uint)Unsafe.Add(ref s0, i) << 16);
        }
    }

    /// <summary>Rounds float32 <paramref name="source"/> to bfloat16, to nearest with ties to even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EncodeNearest(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        Check(source, destination);
        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref ushort d0 = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                var low = Nearest(Vector.LoadUnsafe(ref s0, (nuint)i));
                var high = Nearest(Vector.LoadUnsafe(ref s0, (nuint)(i + Vector<uint>.Count)));
                Vector.Narrow(low, high).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            float x = Unsafe.Add(ref s0, i);
            uint bits = BitConverter.SingleToUInt32Bits(x);
            Unsafe.Add(ref d0, i) = float.IsNaN(x) ? QuietNaN(bits) : (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
        }
    }

    /// <summary>
    /// Rounds float32 <paramref name="source"/> to bfloat16 stochastically; element i's draw is
    /// <see cref="RoundingKey.Draw(long)"/> of <paramref name="firstIndex"/> + i.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EncodeStochastic(ReadOnlySpan<float> source, Span<ushort> destination, RoundingKey key, long firstIndex)
    {
        Check(source, destination);
        ref float s0 = ref MemoryMarshal.GetReference(source);
        ref ushort d0 = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = new Vector<uint>((uint)Vector<uint>.Count);
            var index = Ramp() + new Vector<uint>(unchecked((uint)firstIndex));
            for (; i <= source.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                var low = Stochastic(Vector.LoadUnsafe(ref s0, (nuint)i), key.Draw(index));
                index += step;
                var high = Stochastic(Vector.LoadUnsafe(ref s0, (nuint)(i + Vector<uint>.Count)), key.Draw(index));
                index += step;
                Vector.Narrow(low, high).StoreUnsafe(ref d0, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            float x = Unsafe.Add(ref s0, i);
            uint bits = BitConverter.SingleToUInt32Bits(x);
            Unsafe.Add(ref d0, i) = float.IsNaN(x) ? QuietNaN(bits) : (ushort)((bits + (key.Draw(firstIndex + i) & 0xFFFFu)) >> 16);
        }
    }

    /// <summary>
    /// Rounds two float32 arrays of the same elements (a tensor's m and v) to bfloat16 stochastically with one draw per
    /// element: <paramref name="first"/> takes the draw's low 16 bits, exactly as
    /// <see cref="EncodeStochastic"/> with the same key, and <paramref name="second"/> its high 16 bits. The two halves
    /// of a 32-bit finalizer output are independent uniform draws, and one hash instead of two per element is a third
    /// of the bfloat16 step's compute (measured: 0.19 ns per element per hash on this machine).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EncodeStochasticPair(ReadOnlySpan<float> first, ReadOnlySpan<float> second, Span<ushort> firstOut, Span<ushort> secondOut, RoundingKey key, long firstIndex)
    {
        Check(first, firstOut);
        Check(second, secondOut);
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"{first.Length} and {second.Length} values: a pair must have as many of each.", nameof(second));
        }

        ref float a0 = ref MemoryMarshal.GetReference(first);
        ref float b0 = ref MemoryMarshal.GetReference(second);
        ref ushort x0 = ref MemoryMarshal.GetReference(firstOut);
        ref ushort y0 = ref MemoryMarshal.GetReference(secondOut);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var step = new Vector<uint>((uint)Vector<uint>.Count);
            var index = Ramp() + new Vector<uint>(unchecked((uint)firstIndex));
            for (; i <= first.Length - Vector<ushort>.Count; i += Vector<ushort>.Count)
            {
                var d1 = key.Draw(index);
                index += step;
                var d2 = key.Draw(index);
                index += step;
                nuint at = (nuint)i, next = (nuint)(i + Vector<uint>.Count);
                Vector.Narrow(Stochastic(Vector.LoadUnsafe(ref a0, at), d1), Stochastic(Vector.LoadUnsafe(ref a0, next), d2)).StoreUnsafe(ref x0, at);
                Vector.Narrow(Stochastic(Vector.LoadUnsafe(ref b0, at), Vector.ShiftRightLogical(d1, 16)), Stochastic(Vector.LoadUnsafe(ref b0, next), Vector.ShiftRightLogical(d2, 16))).StoreUnsafe(ref y0, at);
            }
        }

        for (; i < first.Length; i++)
        {
            uint draw = key.Draw(firstIndex + i);
            Unsafe.Add(ref x0, i) = Stochastic(Unsafe.Add(ref a0, i), draw & 0xFFFFu);
            Unsafe.Add(ref y0, i) = Stochastic(Unsafe.Add(ref b0, i), draw >> 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort Stochastic(float x, uint draw16)
    {
        uint bits = BitConverter.SingleToUInt32Bits(x);
        return float.IsNaN(x) ? QuietNaN(bits) : (ushort)((bits + draw16) >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort QuietNaN(uint bits) => (ushort)((bits >> 16) | 0x40u);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Nearest(Vector<float> x)
    {
        var bits = Vector.AsVectorUInt32(x);
        return KeepNaN(x, Vector.ShiftRightLogical(bits + new Vector<uint>(0x7FFFu) + (Vector.ShiftRightLogical(bits, 16) & Vector<uint>.One), 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Stochastic(Vector<float> x, Vector<uint> draw) =>
        KeepNaN(x, Vector.ShiftRightLogical(Vector.AsVectorUInt32(x) + (draw & new Vector<uint>(0xFFFFu)), 16));

    // The rounded top halves, with NaN lanes replaced by their quiet top half.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> KeepNaN(Vector<float> x, Vector<uint> rounded) =>
        Vector.ConditionalSelect(Vector.AsVectorUInt32(Vector.Equals(x, x)), rounded, Vector.ShiftRightLogical(Vector.AsVectorUInt32(x), 16) | new Vector<uint>(0x40u));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector<uint> Ramp()
    {
        Span<uint> ramp = stackalloc uint[Vector<uint>.Count];
        for (int k = 0; k < ramp.Length; k++)
        {
            ramp[k] = (uint)k;
        }

        return new Vector<uint>(ramp);
    }

    private static void Check(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"{source.Length} values to encode into {destination.Length}.", nameof(destination));
        }
    }
}
