// Warmup over any TorchSharp optimizer and scheduler: pytorch_warmup's dampening around TorchSharp's own AdamW and StepLR.
using Warmup.Core.Schedules;
using Warmup.Torch.Schedules;
using static TorchSharp.torch;

manual_seed(2);
var model = nn.Linear(8, 1);
using var x = randn(64, 8);
using var y = randn(64, 1);

var optimizer = optim.AdamW(model.parameters(), lr: 1e-3, beta2: 0.99);
var scheduler = optim.lr_scheduler.StepLR(optimizer, step_size: 100, gamma: 0.5);
var warmup = new LearningRateWarmup(optimizer, WarmupSchedule.UntunedLinear);   // tau = 2 / (1 - beta2) = 200 steps
for (int step = 1; step <= 300; step++)
{
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    nn.functional.mse_loss(model.forward(x), y).backward();
    optimizer.step();
    using (warmup.Dampening())
    {
        scheduler.step();
    }

    // The learning rate of the next step: StepLR's, times the warmup factor min(1, (step + 1) / 200).
    double expected = 1e-3 * Math.Pow(0.5, step / 100) * Math.Min(1.0, (step + 1) / 200.0);
    double actual = optimizer.ParamGroups.Single().LearningRate;
    if (Math.Abs(actual - expected) > 1e-15)
    {
        Console.WriteLine($"step {step}: lr {actual} but expected {expected}");
        return 1;
    }

    if (step % 50 == 0)
    {
        Console.WriteLine($"step {step}: next lr {actual:E4}");
    }
}

Console.WriteLine("learning rates follow StepLR times the untuned warmup: yes");
return 0;
