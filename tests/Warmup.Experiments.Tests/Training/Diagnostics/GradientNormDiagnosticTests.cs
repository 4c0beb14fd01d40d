using TorchSharp.Modules;
using Warmup.Core.Statistics;
using Warmup.Experiments.Training.Diagnostics;
using static TorchSharp.torch;

namespace Warmup.Experiments.Tests.Training.Diagnostics;

public class GradientNormDiagnosticTests
{
    /// <summary>Gradients (3, 4) and (12) and none: the norm over every entry is sqrt(9 + 16 + 144) = 13.</summary>
    [Fact]
    public void TheNormIsOverEveryEntryOfEveryGradient()
    {
        using var a = new Parameter(zeros(2));
        using var b = new Parameter(zeros(1));
        using var c = new Parameter(zeros(3));
        using (var ga = tensor(new float[] { 3, 4 }))
        using (var gb = tensor(new float[] { 12 }))
        {
            // The gradients are held past the setters' native calls (TorchSharp passes raw handles).
            a.grad = ga;
            b.grad = gb;
            GC.KeepAlive(ga);
            GC.KeepAlive(gb);
        }

        var context = new DiagnosticContext(null!, null!, [a, b, c], null!, new Quantiles([0.5]));
        var diagnostic = new GradientNormDiagnostic();
        var values = new Dictionary<string, double>();
        diagnostic.AfterStep(context, diagnostic.BeforeStep(context), values);
        Assert.Equal(13.0, values["gradient_norm"], 12);
    }
}
