using System.Numerics;
using System.Runtime.CompilerServices;

namespace Warmup.Core.Kernels;

/// <summary>
/// The key of one tensor's stochastic-rounding draws at one step: draw i is MurmurHash3's 32-bit finalizer (Appleby)
/// of i * 0x9E3779B1 plus the key, where the key is the finalizer of the seed, the step and the stream (m or v) mixed
/// together. Cheap enough for every element of a step, and a function of (seed, step, stream, index) alone.
/// </summary>
/// <param name="Value">The mixed key.</param>
internal readonly record struct RoundingKey(uint Value)
{
    /// <summary>The key of a tensor's draws: its <paramref name="seed"/>, the <paramref name="step"/> and the <paramref name="stream"/> (0 for m, 1 for v).</summary>
    public static RoundingKey Of(ulong seed, long step, uint stream) =>
        new(Finalize(unchecked((uint)seed ^ Finalize((uint)(seed >> 32) ^ (uint)step * 0x85EBCA77u) ^ Finalize((uint)(step >> 32) + (stream * 0xC2B2AE3Du) + 0x27D4EB2Fu))));

    /// <summary>The draw of element <paramref name="index"/>: 32 bits, of which rounding uses the low 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Draw(long index) => Finalize(unchecked(((uint)index * 0x9E3779B1u) + Value));

    /// <summary><see cref="Draw(long)"/> of each element of <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<uint> Draw(Vector<uint> index) => Finalize((index * new Vector<uint>(0x9E3779B1u)) + new Vector<uint>(Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Finalize(uint h)
    {
        unchecked
        {
            h ^= h >> 16;
            h *= 0x85EBCA6Bu;
            h ^= h >> 13;
            h *= 0xC2B2AE35u;
            h ^= h >> 16;
            return h;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Finalize(Vector<uint> h)
    {
        h ^= Vector.ShiftRightLogical(h, 16);
        h *= new Vector<uint>(0x85EBCA6Bu);
        h ^= Vector.ShiftRightLogical(h, 13);
        h *= new Vector<uint>(0xC2B2AE35u);
        h ^= Vector.ShiftRightLogical(h, 16);
        return h;
    }
}
