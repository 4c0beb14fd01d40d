// A warmup of your own: a record deriving from WarmupSchedule, given to AdamW (weight decay 0.1) as its Warmup. It is
// applied where the built-in ones are, before weight decay, so this copy of linear warmup trains bit for bit as the
// built-in WarmupSchedule.Linear(50) does; the rate each step applied is in optimizer.LastStep.
using Warmup.Core.Schedules;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

var builtIn = Train(WarmupSchedule.Linear(50));
var mine = Train(new MyLinearWarmup(50));
bool same = builtIn.SequenceEqual(mine);
Console.WriteLine($"own warmup equals the built-in one bit for bit: {same}");
return same ? 0 : 1;

static float[] Train(WarmupSchedule warmup)
{
    manual_seed(5);
    var model = nn.Sequential(("hidden", nn.Linear(8, 32)), ("tanh", nn.Tanh()), ("out", nn.Linear(32, 1)));
    using var x = randn(64, 8);
    using var y = randn(64, 1);
    var optimizer = Optimizers.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.1).WithWarmup(warmup);
    for (int step = 1; step <= 80; step++)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.mse_loss(model.forward(x), y);
        loss.backward();
        optimizer.step();
        if (step % 20 == 0)
        {
            Console.WriteLine($"{warmup}: step {step}, loss {loss.item<float>():F5}, lr {optimizer.LastStep.LearningRate:E3}");
        }
    }

    return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
}

/// <summary>Linear warmup written from Ma and Yarats' Eq. 5: omega_t = min(1, t / tau).</summary>
internal sealed record MyLinearWarmup(double Tau) : WarmupSchedule
{
    public override double Factor(long t)
    {
        CheckStep(t);
        return Math.Min(1.0, t / Tau);
    }

    public override double EffectivePeriod() => (Tau - 1) / 2; // for integer tau
}
