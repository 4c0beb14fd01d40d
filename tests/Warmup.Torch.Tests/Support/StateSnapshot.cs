using TorchSharp.Modules;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Support;

/// <summary>The exact bytes of parameters and optimizer state, for bit-identity checks.</summary>
internal static class StateSnapshot
{
    /// <summary>Each parameter's bytes, then each state's step, format and moment bytes (8-bit scales and the AMSGrad maximum when present).</summary>
    public static List<byte[]> Of(AdaptiveOptimizer optimizer, IReadOnlyList<Parameter> parameters)
    {
        var result = new List<byte[]>();
        foreach (var p in parameters)
        {
            result.Add(Bytes(p));
            var s = optimizer.StateOf(p);
            result.Add(BitConverter.GetBytes(s.Step));
            result.Add(BitConverter.GetBytes((int)s.Format));
            result.Add(Bytes(s.ExpAvg));
            result.Add(Bytes(s.ExpAvgSq));
            result.Add(s.ExpAvgScales is null ? [] : Bytes(s.ExpAvgScales));
            result.Add(s.ExpAvgSqScales is null ? [] : Bytes(s.ExpAvgSqScales));
            result.Add(s.MaxExpAvgSq is null ? [] : Bytes(s.MaxExpAvgSq));
        }

        return result;
    }

    /// <summary>True when two snapshots hold the same bytes.</summary>
    public static bool Equal(List<byte[]> a, List<byte[]> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));

    /// <summary>A contiguous CPU copy's bytes; every intermediate is held by the dispose scope.</summary>
    public static byte[] Bytes(Tensor t)
    {
        using var scope = NewDisposeScope();
        var copy = t.detach().cpu().contiguous();
        var bytes = copy.bytes.ToArray();
        GC.KeepAlive(copy);
        GC.KeepAlive(t);
        return bytes;
    }
}
