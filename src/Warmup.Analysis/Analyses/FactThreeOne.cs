using Warmup.Core.Maths;

namespace Warmup.Analysis.Analyses;

/// <summary>
/// Ma and Yarats' Fact 3.1: for 0.8 &lt;= beta2 &lt; 1 and integer t &gt;= 1, rho_t &lt;= 4 iff t &lt;= 4, checked over a
/// uniform grid of beta2 plus the edge values (0.8, 1 - 10^-k for k = 2..15, the largest double below 1), with
/// rho_t from <see cref="Rectification.Rho"/>, which is exact enough near beta2 = 1 where the textbook formula is not;
/// and the beta2 below which it fails, by bisection on rho_5(beta2) = 4.
/// </summary>
public static class FactThreeOne
{
    /// <summary>Runs the check.</summary>
    /// <param name="gridPoints">Points of the uniform grid on [0.8, 1), &gt;= 2.</param>
    public static FactThreeOneResult Run(int gridPoints = 200_001)
    {
        Require.AtLeastOne(gridPoints - 1, "grid points - 1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var betas = Enumerable.Range(0, gridPoints).Select(i => 0.8 + (0.2 * i / gridPoints))
            .Concat(Enumerable.Range(2, 14).Select(k => 1 - Math.Pow(10, -k)))
            .Append(Math.BitDecrement(1.0))
            .ToList();
        var counterexamples = new List<double>();
        foreach (double b in betas)
        {
            if (!HoldsAt(b))
            {
                counterexamples.Add(b);
            }
        }

        // rho_5 increases with beta2; find where it crosses 4 (rho_5 = 4 at the boundary).
        double lo = 0.6 + 1e-12, hi = 0.8;
        for (int i = 0; i < 200 && hi - lo > 1e-16; i++)
        {
            double mid = (lo + hi) / 2;
            if (Rectification.Rho(5, mid) > 4)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        var below = new[] { 0.61, 0.65, 0.7, 0.75, 0.77, lo }
            .Select(b => (b, Rectification.FirstStepAbove(Rectification.PaperThreshold, b)!.Value))
            .ToList();
        return new FactThreeOneResult(betas.Count, counterexamples.Count == 0, counterexamples.Take(10).ToList(), lo, below, clock.Elapsed);
    }

    /// <summary>rho_1..rho_4 &lt;= 4 &lt; rho_5, and rho_t increasing for t up to 16.</summary>
    /// <param name="beta2">The beta2.</param>
    public static bool HoldsAt(double beta2)
    {
        double previous = double.NegativeInfinity;
        for (int t = 1; t <= 16; t++)
        {
            double rho = Rectification.Rho(t, beta2);
            if (rho <= previous || (t <= 4) != (rho <= 4))
            {
                return false;
            }

            previous = rho;
        }

        return true;
    }
}
