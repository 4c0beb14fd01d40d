// AdamW with its moments in 8-bit blocks beside the same AdamW in float32: a quarter of the state's memory, nearly the
// same loss; a checkpoint keeps the format and a resumed run matches an uninterrupted one bit for bit.
using Warmup.Core.Updates;
using Warmup.Torch.Optim;
using AdamW = Warmup.Torch.Optim.AdamW; // TorchSharp.Modules has an AdamW too
using static TorchSharp.torch;

var (fullLoss, fullBytes, _) = Train(StateFormat.Float32, steps: 200);
var (lowLoss, lowBytes, straight) = Train(StateFormat.Int8Blockwise, steps: 200);
Console.WriteLine($"optimizer state: {lowBytes:N0} bytes in 8-bit blocks, {fullBytes:N0} in float32");
Console.WriteLine($"final loss: {lowLoss:F4} with 8-bit state, {fullLoss:F4} with float32");

string checkpoint = Path.Combine(Path.GetTempPath(), $"smaller-state-{Environment.ProcessId}");
Train(StateFormat.Int8Blockwise, steps: 100, saveAt: checkpoint);
var (_, _, resumed) = Train(StateFormat.Int8Blockwise, steps: 200, resumeFrom: checkpoint);
File.Delete(checkpoint + ".model");
File.Delete(checkpoint + ".optimizer");
bool same = straight.SequenceEqual(resumed);
Console.WriteLine($"8-bit run resumed equals uninterrupted run: {same}");
return same && lowBytes * 3 < fullBytes ? 0 : 1;

// An autoencoder on fixed data; returns the final loss, the optimizer state's bytes and the final weights.
static (float Loss, long StateBytes, float[] Weights) Train(StateFormat format, int steps, string? saveAt = null, string? resumeFrom = null)
{
    manual_seed(7);
    var model = nn.Sequential(("encoder", nn.Linear(256, 64)), ("decoder", nn.Linear(64, 256)));
    using var data = randn(64, 256);
    var optimizer = new AdamW(model.parameters(), new AdamOptions
    {
        LearningRate = 1e-3,
        StateFormat = format,            // Float32 (default), BFloat16 or Int8Blockwise
    });

    int start = 0;
    if (resumeFrom is not null)
    {
        model.load(resumeFrom + ".model");
        optimizer.load_state_dict(resumeFrom + ".optimizer");   // the checkpoint keeps the 8-bit codes and scales
        start = 100;
    }

    float loss = 0;
    for (int step = start + 1; step <= steps; step++)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var l = nn.functional.mse_loss(model.forward(data), data);
        l.backward();
        optimizer.step();
        loss = l.item<float>();
    }

    if (saveAt is not null)
    {
        model.save(saveAt + ".model");
        optimizer.save_state_dict(saveAt + ".optimizer");
    }

    long bytes = model.parameters().Select(optimizer.StateOf).Sum(s => SizeOf(s.ExpAvg) + SizeOf(s.ExpAvgSq) + SizeOf(s.ExpAvgScales) + SizeOf(s.ExpAvgSqScales));
    return (loss, bytes, [.. model.parameters().SelectMany(p => p.data<float>().ToArray())]);
}

static long SizeOf(Tensor? t) => t is null ? 0 : t.numel() * t.element_size();
