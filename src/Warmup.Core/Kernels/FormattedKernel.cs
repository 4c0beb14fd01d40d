using System.Numerics;
using System.Runtime.CompilerServices;
using Warmup.Core.Updates;

namespace Warmup.Core.Kernels;

/// <summary>
/// An Adam-family step whose moments are stored in <see cref="StateFormat.BFloat16"/> or
/// <see cref="StateFormat.Int8Blockwise"/>: block by block (<see cref="StateFormats.BlockElements"/>), the block's
/// moments are decoded into float32 scratch on the stack, <see cref="AdamKernel"/> updates p and the scratch in its one
/// fused pass, and the scratch is encoded back. Main memory is crossed once (p, g and the stored moments read, p and
/// the moments written); the scratch stays in L1. The update itself is float32 arithmetic, the same as for float32 state.
/// </summary>
internal static class FormattedKernel
{
    /// <summary>
    /// Steps <paramref name="p"/> (a run of whole blocks of its tensor, starting at element <paramref name="firstIndex"/>,
    /// a multiple of the block size; the last block may be partial), or with <paramref name="preview"/> only reduces the
    /// step's statistics, changing nothing.
    /// </summary>
    /// <param name="format">BFloat16 or Int8Blockwise.</param>
    /// <param name="p">Parameters.</param>
    /// <param name="g">Gradients.</param>
    /// <param name="m">First moments as stored.</param>
    /// <param name="v">Second moments as stored (8-bit: sqrt(v)).</param>
    /// <param name="c">The step's scalars.</param>
    /// <param name="which">Statistics to reduce (None: none).</param>
    /// <param name="preview">Reduce the statistics only.</param>
    /// <param name="key">bfloat16: the step's rounding draws, one per element for both moments (<see cref="BFloat16Codec.EncodeStochasticPair"/>).</param>
    /// <param name="firstIndex">The index of <paramref name="p"/>'s first element in its tensor.</param>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static KernelSums Run(
        StateFormat format, Span<float> p, ReadOnlySpan<float> g, MomentStorage m, MomentStorage v, in AdamCoefficients c, TensorStatistics which, bool preview,
        RoundingKey key, long firstIndex)
    {
        const int block = StateFormats.BlockElements;
        if (g.Length != p.Length || firstIndex % block != 0)
        {
            throw new ArgumentException($"p has {p.Length} elements, g {g.Length}; the run starts at {firstIndex}, which must be a multiple of {block}.");
        }

        Span<float> ms = stackalloc float[block];
        Span<float> vs = stackalloc float[block];
        var sums = default(KernelSums);
        for (int start = 0, b = 0; start < p.Length; start += block, b++)
        {
            int n = Math.Min(block, p.Length - start);
            var pm = ms[..n];
            var pv = vs[..n];
            Decode(format, m, start, b, n, pm, squared: false);
            Decode(format, v, start, b, n, pv, squared: true);
            var pp = p.Slice(start, n);
            var pg = g.Slice(start, n);
            sums += preview
                ? AdamKernel.Preview(pp, pg, pm, pv, default, c, which)
                : which == TensorStatistics.None ? Step(pp, pg, pm, pv, c) : AdamKernel.StepAndReduce(pp, pg, pm, pv, default, c, which);
            if (preview)
            {
                continue;
            }

            if (format == StateFormat.BFloat16)
            {
                BFloat16Codec.EncodeStochasticPair(pm, pv, m.BFloat16.Slice(start, n), v.BFloat16.Slice(start, n), key, firstIndex + start);
            }
            else
            {
                Encode(pm, m, start, b, root: false);
                Encode(pv, v, start, b, root: true);
            }
        }

        return sums;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KernelSums Step(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamCoefficients c)
    {
        AdamKernel.Step(p, g, m, v, default, c);
        return default;
    }

    /// <summary>
    /// Block <paramref name="block"/> of a stored moment (elements <paramref name="start"/> to + <paramref name="n"/>) as
    /// float32 into <paramref name="to"/>; with <paramref name="squared"/>, an 8-bit second moment's stored square root
    /// is squared back to v.
    /// </summary>
    internal static void Decode(StateFormat format, MomentStorage from, int start, int block, int n, Span<float> to, bool squared)
    {
        if (format == StateFormat.BFloat16)
        {
            BFloat16Codec.Decode(from.BFloat16.Slice(start, n), to);
            return;
        }

        if (squared)
        {
            Float8Codec.Decode<UnsignedFloat8>(from.Codes.Slice(start, n), from.Scales[block], to);
            Square(to);
        }
        else
        {
            Float8Codec.Decode<SignedFloat8>(from.Codes.Slice(start, n), from.Scales[block], to);
        }
    }

    /// <summary>
    /// A block's new 8-bit moment into its storage with the block's new scale; with <paramref name="root"/>, the second
    /// moment as its square root (taken in place in <paramref name="from"/>).
    /// </summary>
    internal static void Encode(Span<float> from, MomentStorage to, int start, int block, bool root)
    {
        if (root)
        {
            SquareRoot(from);
            float scale = Float8Codec.AbsMax(from);
            to.Scales[block] = scale;
            Float8Codec.Encode<UnsignedFloat8>(from, scale, to.Codes.Slice(start, from.Length));
        }
        else
        {
            float scale = Float8Codec.AbsMax(from);
            to.Scales[block] = scale;
            Float8Codec.Encode<SignedFloat8>(from, scale, to.Codes.Slice(start, from.Length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Square(Span<float> x)
    {
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var a = new Vector<float>(x[i..]);
            (a * a).CopyTo(x[i..]);
        }

        for (; i < x.Length; i++)
        {
            x[i] *= x[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SquareRoot(Span<float> x)
    {
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            Vector.SquareRoot(new Vector<float>(x[i..])).CopyTo(x[i..]);
        }

        for (; i < x.Length; i++)
        {
            x[i] = MathF.Sqrt(x[i]);
        }
    }
}
