// RAdam with two parameter groups, saved mid-run and resumed in a fresh model and optimizer: the resumed run matches
// an uninterrupted one bit for bit.
using Warmup.Torch.Optim;
using RAdam = Warmup.Torch.Optim.RAdam; // TorchSharp.Modules has an RAdam too
using static TorchSharp.torch;

string checkpoint = Path.Combine(Path.GetTempPath(), $"radam-sample-{Environment.ProcessId}");
var straight = Train(steps: 100, saveAt: null, resumeFrom: null);
Train(steps: 50, saveAt: checkpoint, resumeFrom: null);
var resumed = Train(steps: 100, saveAt: null, resumeFrom: checkpoint);
File.Delete(checkpoint + ".model");
File.Delete(checkpoint + ".optimizer");

bool same = straight.SequenceEqual(resumed);
Console.WriteLine($"resumed run equals uninterrupted run: {same}");
return same ? 0 : 1;

// Trains an encoder-decoder on fixed data; returns the final weights.
static float[] Train(int steps, string? saveAt, string? resumeFrom)
{
    manual_seed(3);
    var encoder = nn.Linear(16, 8);
    var decoder = nn.Linear(8, 16);
    var model = nn.Sequential(("encoder", encoder), ("decoder", decoder));
    using var data = randn(32, 16);
    var optimizer = new RAdam([
        new AdaptiveParamGroup<RAdamOptions>(encoder.parameters(), new RAdamOptions { LearningRate = 1e-4 }),
        new AdaptiveParamGroup<RAdamOptions>(decoder.parameters()),              // inherits the optimizer's options
    ], new RAdamOptions { LearningRate = 1e-3, Beta2 = 0.98 });

    int start = 0;
    if (resumeFrom is not null)
    {
        model.load(resumeFrom + ".model");
        optimizer.load_state_dict(resumeFrom + ".optimizer");
        start = 50;
    }

    for (int step = start + 1; step <= steps; step++)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.mse_loss(decoder.forward(encoder.forward(data)), data).backward();
        optimizer.step();
    }

    if (saveAt is not null)
    {
        model.save(saveAt + ".model");
        optimizer.save_state_dict(saveAt + ".optimizer");
    }

    return [.. model.parameters().SelectMany(p => p.data<float>().ToArray())];
}
