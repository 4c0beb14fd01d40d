using TorchSharp;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void TorchSharpRunsATensorOp()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var two = 2.ToScalar();
        using var one = 1.ToScalar();
        using var b = a.mul(two).add_(one, one);
        Assert.Equal(new float[] { 3, 5, 7 }, b.data<float>().ToArray());
    }
}
