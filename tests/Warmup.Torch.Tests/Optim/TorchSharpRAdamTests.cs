using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary>
/// Pins the bug in TorchSharp 0.107's built-in RAdam, so that a fixed TorchSharp is noticed (this test then fails
/// and can be turned into an agreement test). Its rectified step is <c>(m_hat * lr) * lr * adaptive_lr * rect</c>:
/// lr twice. With lr = 0.1 and beta2 = 0.9 it agrees with the paper for the five momentum steps, then moves 10x
/// too little from step 6 on, when rectification starts (its threshold is 5).
/// </summary>
public class TorchSharpRAdamTests
{
    [Fact]
    public void BuiltInRAdamStepsByLrSquaredOnceRectified()
    {
        const double lr = 0.1;
        var theirsParams = Params.Create(21, ScalarType.Float32, [[64]]);
        var oursParams = Params.Clone(theirsParams);
        using var theirs = optim.RAdam(theirsParams, lr: lr, beta1: 0.9, beta2: 0.9);
        using var ours = new RAdam(oursParams, new RAdamOptions { LearningRate = lr, Beta2 = 0.9, Threshold = 5 });
        var rng = new Random(22);
        for (int step = 1; step <= 8; step++)
        {
            var before0 = Params.Values(theirsParams[0]);
            var before1 = Params.Values(oursParams[0]);
            Params.SetGradients(rng, 1.0, theirsParams, oursParams);
            Uninterrupted.Step(theirs);
            ours.step();
            // Ratio of step lengths (Euclidean norms of the moves; element ratios are noisy where a move is tiny).
            double theirsMoved = Norm(Params.Values(theirsParams[0]).Zip(before0, (a, b) => a - b));
            double oursMoved = Norm(Params.Values(oursParams[0]).Zip(before1, (a, b) => a - b));
            double ratio = theirsMoved / oursMoved;
            double expected = step <= 5 ? 1.0 : lr;
            Assert.True(Math.Abs(ratio - expected) < 1e-3 * expected, $"step {step}: TorchSharp moved {ratio:G6} x the paper's step, expected {expected}");

            // Keep both on the same trajectory so every step compares like with like.
            theirsParams[0].detach().copy_(oursParams[0]);
        }
    }

    private static double Norm(IEnumerable<double> xs) => Math.Sqrt(xs.Sum(x => x * x));
}
