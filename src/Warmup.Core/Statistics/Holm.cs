namespace Warmup.Core.Statistics;

/// <summary>
/// Holm's step-down correction for a family of tests (Holm 1979): with the m p-values sorted, p_(i) becomes
/// <c>max over j &lt;= i of min(1, (m - j + 1) p_(j))</c>. Rejecting where the adjusted p-value is below alpha keeps the
/// family-wise error rate at alpha. Undefined tests (NaN) are left NaN and not counted in m.
/// </summary>
public static class Holm
{
    /// <summary>The adjusted p-values, in the order given.</summary>
    /// <param name="pValues">The family's p-values (NaN for a test that does not exist).</param>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i]).ToArray();
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        double running = 0;
        for (int k = 0; k < order.Length; k++)
        {
            running = Math.Max(running, Math.Min(1.0, (order.Length - k) * pValues[order[k]]));
            adjusted[order[k]] = running;
        }

        return adjusted;
    }
}
