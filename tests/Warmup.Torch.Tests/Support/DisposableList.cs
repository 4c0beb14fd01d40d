using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Support;

/// <summary>Tensors disposed together.</summary>
internal sealed class DisposableList(IEnumerable<Tensor> items) : IDisposable
{
    public IReadOnlyList<Tensor> Items { get; } = items.ToList();

    public void Dispose()
    {
        foreach (var t in Items)
        {
            t.Dispose();
        }
    }
}
