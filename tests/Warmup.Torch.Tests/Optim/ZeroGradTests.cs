using TorchSharp;
using TorchSharp.Modules;
using Warmup.Torch.Tests.Support;
using static TorchSharp.torch;

namespace Warmup.Torch.Tests.Optim;

/// <summary><c>zero_grad</c> removes the gradients by default, fills them with zeros on request, and the steps agree.</summary>
public class ZeroGradTests
{
    public static TheoryData<string> Cases() => OptimizerCase.Names();

    /// <summary>
    /// Two copies of the same parameters trained through autograd (a backward pass writes or adds the gradients, as in
    /// a training loop), one optimizer removing the gradients and one zeroing them: the same bits after every step,
    /// through the fused and the tensor-op paths.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void RemovingOrZeroingTheGradientsGivesTheSameSteps(string name)
    {
        var c = OptimizerCase.Get(name);
        long[][] shapes = [[8, 5], [13], [1]];
        foreach (bool fusedKernel in new[] { true, false })
        {
            var a = Params.Create(111, ScalarType.Float32, shapes);
            var b = Params.Clone(a);
            using var removing = c.Create(a);
            using var zeroing = c.Create(b);
            removing.UseFusedKernel = zeroing.UseFusedKernel = fusedKernel;
            zeroing.ZeroGradSetsToNone = false;
            Assert.True(removing.ZeroGradSetsToNone);
            var rng = new Random(112);
            for (int step = 0; step < 7; step++)
            {
                removing.zero_grad();
                zeroing.zero_grad();
                if (step > 0)
                {
                    Assert.All(a, p => Assert.Null(p.grad));
                    Assert.All(b, p => Assert.Equal(0.0, Params.Values(p.grad!).Select(Math.Abs).Max()));
                }

                var targets = shapes.Select(s => Params.Normal(rng, s, ScalarType.Float32)).ToList();
                Backward(a, targets);
                Backward(b, targets);
                removing.step();
                zeroing.step();
                Assert.True(Params.BitIdentical(a, b), $"step {step + 1}, fused {fusedKernel}");
            }
        }
    }

    // A loss whose gradient with respect to p is 2 (p - target) * 1.5, computed by autograd.
    private static void Backward(Parameter[] ps, List<Tensor> targets)
    {
        using var scope = NewDisposeScope();
        using var one = 1.0.ToScalar();
        using var minusOne = (-1.0).ToScalar();
        using var two = 2.0.ToScalar();
        using var scale = 1.5.ToScalar();
        var loss = ps.Zip(targets, (p, t) => p.add(t, minusOne).pow(two).sum().mul(scale)).Aggregate((x, y) => x.add(y, one));
        loss.backward();
    }
}
