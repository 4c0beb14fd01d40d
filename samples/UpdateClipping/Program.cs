// A rule added to Adam (StableAdamW's update clipping, which keeps one number per tensor), saved mid-run and resumed
// in a fresh optimizer: the resumed run matches an uninterrupted one bit for bit, the rule's state included.
using TorchSharp;
using Warmup.Core.Updates.Rules;
using Warmup.Torch.Optim;
using static TorchSharp.torch;

string checkpoint = Path.Combine(Path.GetTempPath(), $"clip-sample-{Environment.ProcessId}");
var straight = Train(steps: 60, saveAt: null, resumeFrom: null);
Train(steps: 30, saveAt: checkpoint, resumeFrom: null);
var resumed = Train(steps: 60, saveAt: null, resumeFrom: checkpoint);
File.Delete(checkpoint + ".model");
File.Delete(checkpoint + ".optimizer");

bool same = straight.SequenceEqual(resumed);
Console.WriteLine($"clipped run resumed equals uninterrupted run: {same}");
return same ? 0 : 1;

// Trains a small network on fixed data with a gradient spike at step 40; returns the final weights.
static float[] Train(int steps, string? saveAt, string? resumeFrom)
{
    manual_seed(4);
    var model = nn.Sequential(("hidden", nn.Linear(8, 32)), ("tanh", nn.Tanh()), ("out", nn.Linear(32, 1)));
    using var x = randn(64, 8);
    using var y = randn(64, 1);
    var adam = new Adam(model.parameters(), new AdamOptions
    {
        LearningRate = 3e-3,
        Rules = [ClipUpdateByGradientRatio.Instance],          // or StableUpdateClipping.Instance, or your own rule (a record)
    });

    int start = 0;
    if (resumeFrom is not null)
    {
        model.load(resumeFrom + ".model");
        adam.load_state_dict(resumeFrom + ".optimizer");
        start = 30;
    }

    for (int step = start + 1; step <= steps; step++)
    {
        using var scope = NewDisposeScope();
        adam.zero_grad();
        var loss = nn.functional.mse_loss(model.forward(x), y);
        using var scale = (step == 40 ? 100.0 : 1.0).ToScalar();
        loss.mul(scale).backward();
        adam.step();
    }

    if (saveAt is not null)
    {
        model.save(saveAt + ".model");
        adam.save_state_dict(saveAt + ".optimizer");
    }

    return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
}
