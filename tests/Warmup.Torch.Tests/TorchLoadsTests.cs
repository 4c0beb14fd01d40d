using static TorchSharp.torch;

namespace Warmup.Torch.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void TorchSharpRunsATensorOp()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a * 2 + 1;
        Assert.Equal(new float[] { 3, 5, 7 }, b.data<float>().ToArray());
    }
}
