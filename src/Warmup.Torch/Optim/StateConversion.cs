using System.Runtime.InteropServices;
using Warmup.Core.Kernels;
using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>
/// Moments between float32 and a <see cref="StateFormat"/>, on contiguous CPU tensors: the codecs of Warmup.Core over
/// the tensors' memory. Encoding to bfloat16 here rounds to nearest (a conversion is done once; the steps round
/// stochastically); 8-bit encoding is the steps' own, block by block.
/// </summary>
internal static class StateConversion
{
    /// <summary>New tensors holding float32 <paramref name="m"/> and <paramref name="v"/> in <paramref name="format"/>.</summary>
    /// <param name="format">The format.</param>
    /// <param name="m">First moment, contiguous float32 on the CPU.</param>
    /// <param name="v">Second moment, likewise.</param>
    public static FormattedMoments Encode(StateFormat format, Tensor m, Tensor v)
    {
        long n = m.numel();
        var shape = m.shape;
        switch (format)
        {
            case StateFormat.Float32:
                return new(format, m.clone().DetachFromDisposeScope(), v.clone().DetachFromDisposeScope(), null, null);
            case StateFormat.BFloat16:
            {
                var hm = empty(shape, dtype: ScalarType.BFloat16).DetachFromDisposeScope();
                var hv = empty(shape, dtype: ScalarType.BFloat16).DetachFromDisposeScope();
                BFloat16Codec.EncodeNearest(Floats(m), Halves(hm));
                BFloat16Codec.EncodeNearest(Floats(v), Halves(hv));
                GC.KeepAlive(m);
                GC.KeepAlive(v);
                GC.KeepAlive(hm);
                GC.KeepAlive(hv);
                return new(format, hm, hv, null, null);
            }

            case StateFormat.Int8Blockwise:
            {
                long blocks = StateFormats.Blocks(n);
                var cm = empty(shape, dtype: ScalarType.Byte).DetachFromDisposeScope();
                var cv = empty(shape, dtype: ScalarType.Byte).DetachFromDisposeScope();
                var sm = empty(blocks, dtype: ScalarType.Float32).DetachFromDisposeScope();
                var sv = empty(blocks, dtype: ScalarType.Float32).DetachFromDisposeScope();
                var root = new float[Math.Min(n, StateFormats.BlockElements)];
                var fm = Floats(m);
                var fv = Floats(v);
                var codesM = cm.bytes;
                var codesV = cv.bytes;
                var scalesM = Floats(sm);
                var scalesV = Floats(sv);
                for (int b = 0; b < blocks; b++)
                {
                    int start = b * StateFormats.BlockElements;
                    int length = (int)Math.Min(StateFormats.BlockElements, n - start);
                    var blockM = fm.Slice(start, length);
                    scalesM[b] = Float8Codec.AbsMax(blockM);
                    Float8Codec.Encode<SignedFloat8>(blockM, scalesM[b], codesM.Slice(start, length));
                    var r = root.AsSpan(0, length);
                    for (int i = 0; i < length; i++)
                    {
                        r[i] = MathF.Sqrt(fv[start + i]);
                    }

                    scalesV[b] = Float8Codec.AbsMax(r);
                    Float8Codec.Encode<UnsignedFloat8>(r, scalesV[b], codesV.Slice(start, length));
                }

                GC.KeepAlive(m);
                GC.KeepAlive(v);
                GC.KeepAlive(cm);
                GC.KeepAlive(cv);
                GC.KeepAlive(sm);
                GC.KeepAlive(sv);
                return new(format, cm, cv, sm, sv);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown state format.");
        }
    }

    /// <summary>New float32 tensors of the moments stored in <paramref name="s"/> (v itself, squared back for 8-bit state).</summary>
    /// <param name="s">The stored moments.</param>
    /// <param name="shape">The parameter's shape.</param>
    public static (Tensor M, Tensor V) Decode(FormattedMoments s, long[] shape)
    {
        if (s.Format == StateFormat.Float32)
        {
            return (s.ExpAvg.clone().DetachFromDisposeScope(), s.ExpAvgSq.clone().DetachFromDisposeScope());
        }

        var m = empty(shape, dtype: ScalarType.Float32).DetachFromDisposeScope();
        var v = empty(shape, dtype: ScalarType.Float32).DetachFromDisposeScope();
        var fm = Floats(m);
        var fv = Floats(v);
        if (s.Format == StateFormat.BFloat16)
        {
            BFloat16Codec.Decode(Halves(s.ExpAvg), fm);
            BFloat16Codec.Decode(Halves(s.ExpAvgSq), fv);
        }
        else
        {
            long n = fm.Length;
            var codesM = s.ExpAvg.bytes;
            var codesV = s.ExpAvgSq.bytes;
            var scalesM = Floats(s.ExpAvgScales!);
            var scalesV = Floats(s.ExpAvgSqScales!);
            for (int b = 0; b < scalesM.Length; b++)
            {
                int start = b * StateFormats.BlockElements;
                int length = (int)Math.Min(StateFormats.BlockElements, n - start);
                Float8Codec.Decode<SignedFloat8>(codesM.Slice(start, length), scalesM[b], fm.Slice(start, length));
                var r = fv.Slice(start, length);
                Float8Codec.Decode<UnsignedFloat8>(codesV.Slice(start, length), scalesV[b], r);
                for (int i = 0; i < length; i++)
                {
                    r[i] *= r[i];
                }
            }
        }

        GC.KeepAlive(s);
        GC.KeepAlive(m);
        GC.KeepAlive(v);
        return (m, v);
    }

    /// <summary>A contiguous CPU float32 tensor's memory (the caller keeps the tensor alive while it is used).</summary>
    internal static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>A contiguous CPU bfloat16 tensor's memory as 16-bit words.</summary>
    internal static Span<ushort> Halves(Tensor t) => MemoryMarshal.Cast<byte, ushort>(t.bytes);
}
