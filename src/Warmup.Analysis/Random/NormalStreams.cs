using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warmup.Analysis.Random;

/// <summary>
/// Many independent streams of standard normal numbers, one per simulated parameter or trajectory, each a
/// xoshiro128** generator (Blackman and Vigna) seeded from (seed, stream index) by SplitMix64, turned into normals
/// by the Box-Muller transform, eight streams at a time with <see cref="Vector256"/> (log, sin/cos, sqrt in SIMD,
/// see <see cref="BoxMullerMath"/>).
/// </summary>
/// <remarks>
/// A stream's numbers depend only on the seed and its index, never on which thread draws them or in which order
/// the streams are visited, so simulations give the same numbers whatever the thread count. Uniforms have 24 bits:
/// u1 in (0, 1], u2 in [0, 1), so |z| &lt;= sqrt(2 ln 2^24) = 5.77 (the tail beyond has probability 8e-9).
/// </remarks>
public sealed class NormalStreams
{
    private const float TwoToMinus24 = 1.0f / (1 << 24);
    private readonly uint[] _s0;
    private readonly uint[] _s1;
    private readonly uint[] _s2;
    private readonly uint[] _s3;

    /// <summary>Creates <paramref name="count"/> streams (rounded up to a multiple of 8 internally).</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="count">Number of streams.</param>
    public NormalStreams(ulong seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        int padded = (count + 7) & ~7;
        _s0 = new uint[padded];
        _s1 = new uint[padded];
        _s2 = new uint[padded];
        _s3 = new uint[padded];
        for (int i = 0; i < padded; i++)
        {
            // SplitMix64 over (seed, index): distinct, well-mixed, never all-zero states.
            ulong x = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(i + 1));
            ulong a = SplitMix64(ref x), b = SplitMix64(ref x);
            (_s0[i], _s1[i], _s2[i], _s3[i]) = ((uint)a, (uint)(a >> 32), (uint)b, (uint)(b >> 32) | 1u);
        }
    }

    /// <summary>Number of streams.</summary>
    public int Count { get; }

    /// <summary>
    /// Draws the next two normals of streams <paramref name="first"/> .. first + 8 * blocks - 1 into
    /// <paramref name="z1"/> and <paramref name="z2"/> (8 * blocks each). <paramref name="first"/> must be a multiple of 8.
    /// Streams past <see cref="Count"/> exist (padding) and may be drawn.
    /// </summary>
    /// <param name="first">First stream, a multiple of 8.</param>
    /// <param name="z1">Receives the first normal of each stream.</param>
    /// <param name="z2">Receives the second normal of each stream.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NextPair(int first, Span<float> z1, Span<float> z2)
    {
        if ((first & 7) != 0 || z1.Length != z2.Length || (z1.Length & 7) != 0 || first + z1.Length > _s0.Length)
        {
            throw new ArgumentException($"Streams {first}..{first + z1.Length} are not whole blocks of 8 within {_s0.Length}.");
        }

        ref float o1 = ref MemoryMarshal.GetReference(z1);
        ref float o2 = ref MemoryMarshal.GetReference(z2);
        int i = 0;
        for (; i + 16 <= z1.Length; i += 16)
        {
            // Two independent blocks per iteration give the core more work to overlap.
            var (a, b) = Draw(first + i);
            var (c, d) = Draw(first + i + 8);
            a.StoreUnsafe(ref o1, (nuint)i);
            b.StoreUnsafe(ref o2, (nuint)i);
            c.StoreUnsafe(ref o1, (nuint)(i + 8));
            d.StoreUnsafe(ref o2, (nuint)(i + 8));
        }

        if (i < z1.Length)
        {
            var (a, b) = Draw(first + i);
            a.StoreUnsafe(ref o1, (nuint)i);
            b.StoreUnsafe(ref o2, (nuint)i);
        }
    }

    // Two normals from each of eight streams starting at s.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector256<float> Z1, Vector256<float> Z2) Draw(int s)
    {
        ref uint r0 = ref _s0[s];
        ref uint r1 = ref _s1[s];
        ref uint r2 = ref _s2[s];
        ref uint r3 = ref _s3[s];
        var s0 = Vector256.LoadUnsafe(ref r0);
        var s1 = Vector256.LoadUnsafe(ref r1);
        var s2 = Vector256.LoadUnsafe(ref r2);
        var s3 = Vector256.LoadUnsafe(ref r3);
        var x = Next(ref s0, ref s1, ref s2, ref s3);
        var y = Next(ref s0, ref s1, ref s2, ref s3);
        s0.StoreUnsafe(ref r0);
        s1.StoreUnsafe(ref r1);
        s2.StoreUnsafe(ref r2);
        s3.StoreUnsafe(ref r3);

        var u1 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(x, 8) + Vector256<uint>.One) * TwoToMinus24;
        var u2 = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(y, 8)) * TwoToMinus24;
        var r = Vector256.Sqrt(BoxMullerMath.Log(u1) * -2f);
        var (sin, cos) = BoxMullerMath.SinCosTwoPi(u2);
        return (r * cos, r * sin);
    }

    // xoshiro128**: result = rotl(s1 * 5, 7) * 9, then the linear state update.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Next(ref Vector256<uint> s0, ref Vector256<uint> s1, ref Vector256<uint> s2, ref Vector256<uint> s3)
    {
        var result = RotateLeft(s1 * 5u, 7) * 9u;
        var t = Vector256.ShiftLeft(s1, 9);
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 11);
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateLeft(Vector256<uint> x, int k) =>
        Vector256.ShiftLeft(x, k) | Vector256.ShiftRightLogical(x, 32 - k);

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
