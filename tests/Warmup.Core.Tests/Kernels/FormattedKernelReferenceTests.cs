using Warmup.Core.Kernels;
using Warmup.Core.Updates;

namespace Warmup.Core.Tests.Kernels;

/// <summary>
/// <see cref="FormattedKernel"/> against quantization_reference.py (NumPy, written from the specification): one step
/// of every kind on state in both formats (decode, the float32 update in PyTorch's operation order, encode: bfloat16
/// stochastically with the step's draws, 8-bit with each block's new absolute maximum and v as its square root), p and
/// the stored m and v bit for bit, on runs of 1, 37 and 2,048 elements and of 3 blocks and a tail, starting at the
/// tensor's first block or at a later one.
/// </summary>
public class FormattedKernelReferenceTests
{
    [Fact]
    public void OneStepMatchesNumPy()
    {
        var rng = new Random(81);
        var cases = new List<(StateFormat Format, AdamCoefficients C, long Step, long First, float[] P, float[] G, FormattedState State)>();
        foreach (var format in new[] { StateFormat.BFloat16, StateFormat.Int8Blockwise })
        {
            foreach (var kind in Enum.GetValues<StepKind>())
            {
                foreach (int n in new[] { 1, 37, 2048, (3 * 2048) + 77 })
                {
                    long step = rng.Next(1, 5000), first = rng.Next(2) == 0 ? 0 : rng.Next(1, 1000) * 2048L;
                    var c = FormattedKernelTests.Coefficients(kind, step) with { L2 = rng.Next(2) * 0.01, GradientSign = rng.Next(2) == 0 ? 1 : -1 };
                    var m = QuantizationInputs.Signed(rng, n, -30, -5);
                    var v = QuantizationInputs.Signed(rng, n, -30, -5).Select(a => a * a).ToArray();
                    cases.Add((format, c, step, first, QuantizationInputs.Signed(rng, n, -3, 1), QuantizationInputs.Signed(rng, n, -25, 0), FormattedState.Encode(format, m, v)));
                }
            }
        }

        const ulong seed = 0xFEED_F00D_0025UL;
        using var answers = NumPyReference.Run(w =>
        {
            foreach (var (format, c, step, first, p, g, state) in cases)
            {
                w.Write(NumPyReference.AdamRecord);
                w.Write(format == StateFormat.BFloat16 ? 1u : 2u);
                w.Write((uint)c.Kind);
                w.Write(new[] { c.Beta1, c.Beta2, c.GradientSign, c.L2, c.Decay, c.StepSize, c.SqrtBiasCorrection2, c.Eps });
                w.Write(seed);
                w.Write(step);
                w.Write(first);
                w.Write((uint)p.Length);
                w.Write(p);
                w.Write(g);
                WriteState(w, state);
            }
        });
        foreach (var (format, c, step, first, p, g, state) in cases)
        {
            string what = $"{format}, {c.Kind}, n = {p.Length}, first index {first}";
            var expectedP = answers.Read<float>(p.Length);
            var expected = ReadState(answers, format, p.Length);
            FormattedKernel.Run(format, p, g, state.M(), state.V(), c, TensorStatistics.None, false, RoundingKey.Of(seed, step, 0), first);
            BitAssert.Equal(expectedP, p, $"{what}: p");
            expected.AssertSame(state, what);
        }

        answers.AssertAtEnd();
    }

    private static void WriteState(BinaryWriter w, FormattedState s)
    {
        if (s.Format == StateFormat.BFloat16)
        {
            w.Write(s.MBFloat16);
            w.Write(s.VBFloat16);
            return;
        }

        w.Write(s.MCodes);
        w.Write(s.MScales);
        w.Write(s.VCodes);
        w.Write(s.VScales);
    }

    // The answer's m and v, as stored, in a FormattedState of the same layout (bfloat16: m then v; 8-bit: m's codes and
    // scales, then sqrt(v)'s).
    private static FormattedState ReadState(BinaryReader r, StateFormat format, int n)
    {
        var s = FormattedState.Encode(format, new float[n], new float[n]);
        if (format == StateFormat.BFloat16)
        {
            r.Read<ushort>(n).CopyTo(s.MBFloat16, 0);
            r.Read<ushort>(n).CopyTo(s.VBFloat16, 0);
            return s;
        }

        int blocks = Blockwise.Blocks(n);
        r.Read<byte>(n).CopyTo(s.MCodes, 0);
        r.Read<float>(blocks).CopyTo(s.MScales, 0);
        r.Read<byte>(n).CopyTo(s.VCodes, 0);
        r.Read<float>(blocks).CopyTo(s.VScales, 0);
        return s;
    }
}
