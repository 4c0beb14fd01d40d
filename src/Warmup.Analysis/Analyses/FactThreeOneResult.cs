
namespace Warmup.Analysis.Analyses;

/// <summary>The result of <see cref="FactThreeOne.Run"/>.</summary>
/// <param name="Checked">beta2 values checked in [0.8, 1).</param>
/// <param name="Holds">rho_t &lt;= 4 iff t &lt;= 4 held at every one (rho_1..4 &lt;= 4 &lt; rho_5, and rho increasing to t = 16).</param>
/// <param name="Counterexamples">beta2 values where it failed (at most 10 listed).</param>
/// <param name="FailsBelow">The exact boundary: for beta2 &lt;= this, rho_5 &lt;= 4 (rectification starts later than step 5).</param>
/// <param name="FirstRectifiedStepBelow">For some beta2 under the boundary, the first step with rho_t &gt; 4.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record FactThreeOneResult(int Checked, bool Holds, IReadOnlyList<double> Counterexamples, double FailsBelow, IReadOnlyList<(double Beta2, long FirstStep)> FirstRectifiedStepBelow, TimeSpan Elapsed);
