using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Models;

/// <summary>A small convolutional classifier for 28 x 28 images: two 3 x 3 convolutions with max-pooling, then two linear layers.</summary>
public sealed class SmallCnn : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Linear _hidden;
    private readonly Linear _output;

    /// <summary>Creates the network (initialized from the global TorchSharp generator).</summary>
    /// <param name="classes">Output classes.</param>
    public SmallCnn(int classes = 10)
        : base(nameof(SmallCnn))
    {
        _conv1 = nn.Conv2d(1, 16, 3, padding: 1);
        _conv2 = nn.Conv2d(16, 32, 3, padding: 1);
        _hidden = nn.Linear(32 * 7 * 7, 128);
        _output = nn.Linear(128, classes);
        register_module("conv1", _conv1);
        register_module("conv2", _conv2);
        register_module("hidden", _hidden);
        register_module("output", _output);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(_conv1.forward(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(_conv2.forward(x)), 2);
        x = nn.functional.relu(_hidden.forward(x.flatten(1)));
        return _output.forward(x).MoveToOuterDisposeScope();
    }
}
