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
                var scratch = new float[Math.Min(n, StateFormats.BlockElements)];
                var fm = Floats(m);
                var fv = Floats(v);
                var codesM = MomentStorage.OfCodes(cm.bytes, Floats(sm));
                var codesV = MomentStorage.OfCodes(cv.bytes, Floats(sv));
                for (int b = 0; b < blocks; b++)
                {
                    // The steps' own block encoding (FormattedKernel), on a copy: it takes v's square root in place.
                    int start = b * StateFormats.BlockElements;
                    int length = (int)Math.Min(StateFormats.BlockElements, n - start);
                    var block = scratch.AsSpan(0, length);
                    fm.Slice(start, length).CopyTo(block);
                    FormattedKernel.Encode(block, codesM, start, b, root: false);
                    fv.Slice(start, length).CopyTo(block);
                    FormattedKernel.Encode(block, codesV, start, b, root: true);
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
        bool half = s.Format == StateFormat.BFloat16;
        var stored = half ? MomentStorage.OfBFloat16(Halves(s.ExpAvg)) : MomentStorage.OfCodes(s.ExpAvg.bytes, Floats(s.ExpAvgScales!));
        var storedSq = half ? MomentStorage.OfBFloat16(Halves(s.ExpAvgSq)) : MomentStorage.OfCodes(s.ExpAvgSq.bytes, Floats(s.ExpAvgSqScales!));
        for (int b = 0, start = 0; start < fm.Length; b++, start += StateFormats.BlockElements)
        {
            // The steps' own block decoding (FormattedKernel): 8-bit v squared back from its stored root.
            int length = Math.Min(StateFormats.BlockElements, fm.Length - start);
            FormattedKernel.Decode(s.Format, stored, start, b, length, fm.Slice(start, length), squared: false);
            FormattedKernel.Decode(s.Format, storedSq, start, b, length, fv.Slice(start, length), squared: true);
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
