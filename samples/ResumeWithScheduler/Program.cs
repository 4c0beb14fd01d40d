// Resume optimizer, warmup and a TorchSharp scheduler bit for bit. TorchSharp's schedulers have no state_dict: create
// the optimizer and the scheduler as at the start of training, load the checkpoint, then replay the scheduler's steps
// with SchedulerResume.FastForward, which checks that they land on the checkpoint's learning rate.
using Warmup.Torch.Optim;
using Warmup.Torch.Schedules;
using static TorchSharp.torch;

string checkpoint = Path.Combine(Path.GetTempPath(), $"resume-sample-{Environment.ProcessId}");
var straight = Train(steps: 200, saveAt: null, resumeFrom: null);
Train(steps: 150, saveAt: checkpoint, resumeFrom: null);
var resumed = Train(steps: 200, saveAt: null, resumeFrom: checkpoint);
File.Delete(checkpoint + ".model");
File.Delete(checkpoint + ".optimizer");

bool same = straight.SequenceEqual(resumed);
Console.WriteLine($"resumed with CosineAnnealingLR equals uninterrupted run: {same}");
return same ? 0 : 1;

static float[] Train(int steps, string? saveAt, string? resumeFrom)
{
    manual_seed(6);
    var model = nn.Sequential(("hidden", nn.Linear(8, 32)), ("tanh", nn.Tanh()), ("out", nn.Linear(32, 1)));
    using var x = randn(64, 8);
    using var y = randn(64, 1);
    var optimizer = Optimizers.AdamW(model.parameters(), lr: 3e-3, beta2: 0.99).WithUntunedLinearWarmup();
    var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max: 200, eta_min: 1e-4);

    int start = 0;
    if (resumeFrom is not null)
    {
        model.load(resumeFrom + ".model");
        optimizer.load_state_dict(resumeFrom + ".optimizer");
        start = 150;
        SchedulerResume.FastForward(scheduler, optimizer, start);
    }

    for (int step = start + 1; step <= steps; step++)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.mse_loss(model.forward(x), y).backward();
        optimizer.step();
        scheduler.step();
        if (step % 50 == 0)
        {
            Console.WriteLine($"step {step}: applied lr {optimizer.LastStep.LearningRate:E4}, scheduler's next {optimizer.ParamGroups.Single().LearningRate:E4}");
        }
    }

    if (saveAt is not null)
    {
        model.save(saveAt + ".model");
        optimizer.save_state_dict(saveAt + ".optimizer");
    }

    return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
}
