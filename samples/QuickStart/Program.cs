// Quick start: a small network trained with AdamW and Ma & Yarats' untuned linear warmup, in one line.
using Warmup.Torch.Optim;
using static TorchSharp.torch;

manual_seed(1);

// y = sin(3x) on [-1, 1], 256 points.
var xs = Enumerable.Range(0, 256).Select(i => (i / 127.5f) - 1f).ToArray();
using var x = tensor(xs).reshape(256, 1);
using var y = tensor(xs.Select(v => MathF.Sin(3 * v)).ToArray()).reshape(256, 1);

var model = nn.Sequential(("hidden", nn.Linear(1, 64)), ("tanh", nn.Tanh()), ("out", nn.Linear(64, 1)));
var optimizer = Optimizers.AdamW(model.parameters(), lr: 1e-2).WithUntunedLinearWarmup();
// train as usual: every optimizer.step() uses lr * min(1, t * (1 - beta2) / 2), beta2 from each parameter group

float first = 0, last = 0;
for (int step = 1; step <= 3000; step++)
{
    using var scope = NewDisposeScope();
    optimizer.zero_grad();
    var loss = nn.functional.mse_loss(model.forward(x), y);
    loss.backward();
    optimizer.step();
    last = loss.item<float>();
    first = step == 1 ? last : first;
    if (step % 500 == 0)
    {
        Console.WriteLine($"step {step}: loss {last:F5}, lr {optimizer.LastStep.LearningRate:E3}");   // the rate this step applied
    }
}

bool learned = last < first / 10;
Console.WriteLine($"loss {first:F4} -> {last:F4}: {(learned ? "learned" : "did NOT learn")}");
return learned ? 0 : 1;
