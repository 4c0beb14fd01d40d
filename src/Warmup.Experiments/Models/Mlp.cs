using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Models;

/// <summary>
/// A feed-forward classifier in the spirit of Ma and Yarats' EMNIST network (their Fig. 1; the appendix with its exact
/// sizes is not in the text we build from): inputs, two ReLU hidden layers, logits.
/// </summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear _hidden1;
    private readonly Linear _hidden2;
    private readonly Linear _output;

    /// <summary>Creates the network (initialized from the global TorchSharp generator).</summary>
    /// <param name="inputs">Input features (784 for 28 x 28 images).</param>
    /// <param name="hidden">Units per hidden layer.</param>
    /// <param name="classes">Output classes.</param>
    public Mlp(int inputs = 784, int hidden = 256, int classes = 10)
        : base(nameof(Mlp))
    {
        _hidden1 = nn.Linear(inputs, hidden);
        _hidden2 = nn.Linear(hidden, hidden);
        _output = nn.Linear(hidden, classes);
        register_module("hidden1", _hidden1);
        register_module("hidden2", _hidden2);
        register_module("output", _output);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.flatten(1);
        x = nn.functional.relu(_hidden1.forward(x));
        x = nn.functional.relu(_hidden2.forward(x));
        return _output.forward(x).MoveToOuterDisposeScope();
    }
}
