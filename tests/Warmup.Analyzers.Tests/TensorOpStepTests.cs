using Warmup.Analyzers.Tests.Support;

namespace Warmup.Analyzers.Tests;

/// <summary>
/// The required test vector: src/Warmup.Torch/Optim/TensorOpStep.cs at commit b4af40d (TestData), whose tensor-op
/// Adam step hands TorchSharp temporary Scalars in every call.
/// </summary>
public class TensorOpStepTests
{
    [Fact]
    public async Task TensorOpStepAtB4af40dIsFlagged()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestData");
        var step = await File.ReadAllTextAsync(Path.Combine(folder, "TensorOpStep.b4af40d.cs.txt"), TestContext.Current.CancellationToken);
        var stubs = await File.ReadAllTextAsync(Path.Combine(folder, "TensorOpStepStubs.cs.txt"), TestContext.Current.CancellationToken);

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile([step, stubs]));

        Assert.All(diagnostics, d => Assert.EndsWith("Test0.cs", d.Location.SourceTree!.FilePath, StringComparison.Ordinal));
        Finding[] expected =
        [
            new("WU0001", 23), // g.add(p, alpha: c.L2)
            new("WU0001", 28), // p.mul_(c.Decay)
            new("WU0001", 33), // s.ExpAvg.mul_(c.Beta1)
            new("WU0001", 33), //     .add_(g, alpha: 1.0 - c.Beta1)
            new("WU0001", 36), // s.ExpAvgSq.mul_(c.Beta2)
            new("WU0001", 36), //     .addcmul_(g, g, value: 1.0 - c.Beta2)
            new("WU0001", 47), // v.sqrt().div_(c.SqrtBiasCorrection2)
            new("WU0001", 47), //     .add_(c.Eps)
            new("WU0002", 47), //     add_(Scalar) is add_(scalar, 1): a hidden alpha
            new("WU0001", 48), // p.addcdiv_(s.ExpAvg, denom, value: -c.StepSize)
            new("WU0001", 51), // p.add_(s.ExpAvg, alpha: -c.StepSize)
        ];
        Assert.Equal(expected, AnalyzerHarness.ToFindings(diagnostics));
        Assert.Equal(
            ["c.L2", "c.Decay", "c.Beta1", "1.0 - c.Beta1", "c.Beta2", "1.0 - c.Beta2", "c.SqrtBiasCorrection2", "c.Eps", "-c.StepSize", "-c.StepSize"],
            diagnostics.Where(d => d.Id == "WU0001").Select(d => d.Location.SourceTree!.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)));
    }
}
