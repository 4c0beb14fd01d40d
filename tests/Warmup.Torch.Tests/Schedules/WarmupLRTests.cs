using Warmup.Core.Schedules;
using Warmup.Torch.Schedules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace Warmup.Torch.Tests.Schedules;

/// <summary>The scheduler form: the rate before optimizer step k is lr0 * omega_k, alone and as the first part of SequentialLR.</summary>
public class WarmupLRTests
{
    [Fact]
    public void AloneItSetsTheFactorOfTheNextStep()
    {
        var ps = Params.Create(81, ScalarType.Float32, [3]);
        using var adam = Adam(ps, lr: 0.2, beta2: 0.99);
        var scheduler = new WarmupLR(adam, b2 => WarmupSchedule.RAdam(b2, RAdamEarlySteps.Linear));
        var w = WarmupSchedule.RAdam(0.99, RAdamEarlySteps.Linear);
        for (int k = 1; k <= 30; k++)
        {
            Assert.Equal(0.2 * w.Factor(k), adam.ParamGroups.Single().LearningRate, 1e-15);
            Uninterrupted.Step(adam);
            scheduler.step();
        }
    }

    /// <summary>
    /// SequentialLR([warmup, StepLR(step 2, gamma 0.5)], milestones [5]): steps 1-5 get lr0 * k / 5; from step 6 the
    /// StepLR starts at its epoch 0 (lr0) and halves every second step. TorchSharp's SequentialLR rewinds its
    /// sub-schedulers on creation; the warmup's count must survive that.
    /// </summary>
    [Fact]
    public void InsideSequentialLRTheWarmupLinesUpWithTheSteps()
    {
        var ps = Params.Create(82, ScalarType.Float32, [3]);
        using var adam = Adam(ps, lr: 1.0);
        var warmup = new WarmupLR(adam, WarmupSchedule.Linear(5));
        var decay = lr_scheduler.StepLR(adam, step_size: 2, gamma: 0.5);
        var sequential = lr_scheduler.SequentialLR(adam, [warmup, decay], [5]);
        double[] expected = [0.2, 0.4, 0.6, 0.8, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25];
        foreach (double lr in expected)
        {
            Assert.Equal(lr, adam.ParamGroups.Single().LearningRate, 1e-15);
            Uninterrupted.Step(adam);
            sequential.step();
        }
    }
}
