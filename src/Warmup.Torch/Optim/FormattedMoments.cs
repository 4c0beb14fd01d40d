using Warmup.Core.Updates;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>A parameter's moments as stored in a <see cref="StateFormat"/> (see <see cref="AdaptiveState"/>): the caller owns the tensors.</summary>
/// <param name="Format">The format.</param>
/// <param name="ExpAvg">m: float32, bfloat16, or 8-bit codes.</param>
/// <param name="ExpAvgSq">v: float32, bfloat16, or 8-bit codes of sqrt(v).</param>
/// <param name="ExpAvgScales">8-bit: m's scale per block; else null.</param>
/// <param name="ExpAvgSqScales">8-bit: sqrt(v)'s scale per block; else null.</param>
internal sealed record FormattedMoments(StateFormat Format, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? ExpAvgScales, Tensor? ExpAvgSqScales) : IDisposable
{
    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
        ExpAvgScales?.Dispose();
        ExpAvgSqScales?.Dispose();
    }
}
