using Warmup.Core.Maths;
using Warmup.Torch.Optim;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary><see cref="AdaptiveOptimizer.EffectiveLearningRate"/> per group, from the step's own rule, and its bad input.</summary>
public class EffectiveLearningRateTests
{
    [Fact]
    public void EachGroupReportsItsOwnRateAndRAdamsRectification()
    {
        var a = Params.Create(121, ScalarType.Float32, [3]);
        var b = Params.Create(122, ScalarType.Float32, [2]);
        using var radam = new RAdam(
            [new AdaptiveParamGroup<RAdamOptions>(a, new RAdamOptions { LearningRate = 0.5 }), new AdaptiveParamGroup<RAdamOptions>(b, new RAdamOptions())],
            new RAdamOptions { LearningRate = 0.1, Beta2 = 0.99 });

        // Liu et al. Algorithm 2 with threshold 4: the momentum step at lr for t <= 4 (rho_4 < 4 for beta2 = 0.99), then lr r_t.
        Assert.Equal(0.5, radam.EffectiveLearningRate(1, group: 0));
        Assert.Equal(0.1, radam.EffectiveLearningRate(4, group: 1));
        Assert.Equal(0.1 * Rectification.Term(Rectification.Rho(10, 0.99), Rectification.RhoInfinity(0.99)), radam.EffectiveLearningRate(10, group: 1), 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => radam.EffectiveLearningRate(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => radam.EffectiveLearningRate(1, group: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => radam.EffectiveLearningRate(1, group: -1));
    }
}
