using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Models;

/// <summary>A small character-level Transformer language model: token and learned position embeddings, causal blocks, logits.</summary>
public sealed class CharTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Embedding _tokens;
    private readonly Embedding _positions;
    private readonly ModuleList<TransformerBlock> _blocks;
    private readonly LayerNorm? _finalNorm;
    private readonly Linear _output;

    /// <summary>Creates the model (initialized from the global TorchSharp generator).</summary>
    /// <param name="vocabulary">Alphabet size.</param>
    /// <param name="context">Longest input sequence.</param>
    /// <param name="width">Model width.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="layers">Blocks.</param>
    /// <param name="preNorm">Pre-LN blocks (with a final layer norm) when true, post-LN when false.</param>
    public CharTransformer(int vocabulary, int context, int width = 128, int heads = 4, int layers = 2, bool preNorm = false)
        : base(nameof(CharTransformer))
    {
        _tokens = nn.Embedding(vocabulary, width);
        _positions = nn.Embedding(context, width);
        _blocks = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new TransformerBlock(width, heads, 4 * width, preNorm)).ToArray());
        _finalNorm = preNorm ? nn.LayerNorm(width) : null;
        _output = nn.Linear(width, vocabulary);
        register_module("tokens", _tokens);
        register_module("positions", _positions);
        register_module("blocks", _blocks);
        if (_finalNorm is not null)
        {
            register_module("final_norm", _finalNorm);
        }

        register_module("output", _output);
    }

    /// <summary>Logits [batch, time, vocabulary] for tokens [batch, time].</summary>
    /// <param name="input">Token indices.</param>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var length = input.shape[1].ToScalar();
        using var positions = arange(HeldScalars.Zero, length, HeldScalars.One, dtype: ScalarType.Int64);
        var x = _tokens.forward(input).add(_positions.forward(positions), HeldScalars.One);
        foreach (var block in _blocks)
        {
            x = block.forward(x);
        }

        if (_finalNorm is not null)
        {
            x = _finalNorm.forward(x);
        }

        return _output.forward(x).MoveToOuterDisposeScope();
    }
}
