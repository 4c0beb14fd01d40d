using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Models;

/// <summary>
/// A causal self-attention block with a position-wise feed-forward layer, in either arrangement of layer norm:
/// post-LN (Vaswani et al.: x = LN(x + f(x)), where Adam without warmup is known to fail) or pre-LN
/// (x = x + f(LN(x)), which trains without warmup).
/// </summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly int _heads;
    private readonly bool _preNorm;
    private readonly Linear _qkv;
    private readonly Linear _projection;
    private readonly Linear _expand;
    private readonly Linear _contract;
    private readonly LayerNorm _norm1;
    private readonly LayerNorm _norm2;

    /// <summary>Creates a block.</summary>
    /// <param name="width">Model width d.</param>
    /// <param name="heads">Attention heads (dividing d).</param>
    /// <param name="feedForward">Hidden width of the feed-forward layer.</param>
    /// <param name="preNorm">Pre-LN when true, post-LN when false.</param>
    public TransformerBlock(int width, int heads, int feedForward, bool preNorm)
        : base(nameof(TransformerBlock))
    {
        if (width % heads != 0)
        {
            throw new ArgumentException($"The width {width} is not a multiple of the {heads} heads.", nameof(heads));
        }

        _heads = heads;
        _preNorm = preNorm;
        _qkv = nn.Linear(width, 3 * width);
        _projection = nn.Linear(width, width);
        _expand = nn.Linear(width, feedForward);
        _contract = nn.Linear(feedForward, width);
        _norm1 = nn.LayerNorm(width);
        _norm2 = nn.LayerNorm(width);
        register_module("qkv", _qkv);
        register_module("projection", _projection);
        register_module("expand", _expand);
        register_module("contract", _contract);
        register_module("norm1", _norm1);
        register_module("norm2", _norm2);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        if (_preNorm)
        {
            x = x.add(Attention(_norm1.forward(x)), HeldScalars.One);
            x = x.add(FeedForward(_norm2.forward(x)), HeldScalars.One);
        }
        else
        {
            x = _norm1.forward(x.add(Attention(x), HeldScalars.One));
            x = _norm2.forward(x.add(FeedForward(x), HeldScalars.One));
        }

        return x.MoveToOuterDisposeScope();
    }

    private Tensor Attention(Tensor x)
    {
        long batch = x.shape[0], time = x.shape[1], width = x.shape[2];
        var qkv = _qkv.forward(x).view(batch, time, 3, _heads, width / _heads).permute(2, 0, 3, 1, 4);
        var attended = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], is_casual: true);
        return _projection.forward(attended.transpose(1, 2).reshape(batch, time, width));
    }

    private Tensor FeedForward(Tensor x) => _contract.forward(nn.functional.gelu(_expand.forward(x)));
}
