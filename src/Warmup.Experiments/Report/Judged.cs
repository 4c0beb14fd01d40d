using System.Globalization;
using Warmup.Core.Statistics;

namespace Warmup.Experiments.Report;

/// <summary>One comparison of a family, as the report states it: a method's runs against a reference's at one configuration.</summary>
/// <param name="LearningRate">The configuration's learning rate.</param>
/// <param name="Beta2">Its beta2.</param>
/// <param name="Method">The method judged.</param>
/// <param name="Reference">What it is judged against.</param>
/// <param name="Test">Welch's comparison of their finite metrics (method minus reference).</param>
/// <param name="Margin">The non-inferiority margin, in the metric's units.</param>
/// <param name="Verdict">The family's verdict (Holm-corrected).</param>
internal sealed record Judged(double LearningRate, double Beta2, string Method, string Reference, WelchComparison Test, double Margin, Verdict Verdict)
{
    /// <summary>The difference, its 95 % interval and the verdict: <c>+0.20 [-0.05, +0.45] inconclusive</c>.</summary>
    public string Text
    {
        get
        {
            if (!Test.IsDefined)
            {
                return $"{Verdicts.Words(Verdict)} (n < 2)";
            }

            var (low, high) = Test.Interval();
            return string.Create(CultureInfo.InvariantCulture, $"{Test.Difference:+0.00;-0.00;+0.00} [{low:+0.00;-0.00;+0.00}, {high:+0.00;-0.00;+0.00}] {Verdicts.Words(Verdict)}");
        }
    }
}
