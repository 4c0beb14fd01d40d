using Warmup.Experiments.Methods;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>A grid of runs: methods x learning rates x beta2 x seeds, every other setting from <paramref name="Base"/>.</summary>
/// <param name="Base">The settings shared by every run (its method, lr, beta2 and seed are replaced).</param>
/// <param name="Methods">Methods.</param>
/// <param name="LearningRates">Base learning rates.</param>
/// <param name="Beta2s">Adam's beta2 values.</param>
/// <param name="Seeds">Seeds.</param>
public sealed record SweepSpec(TrainSettings Base, IReadOnlyList<MethodSpec> Methods, IReadOnlyList<double> LearningRates, IReadOnlyList<double> Beta2s, IReadOnlyList<int> Seeds)
{
    /// <summary>
    /// Every run once, in a fixed order (learning rate, beta2, seed, method), so that partial sweeps cover whole
    /// configurations early. Values given twice (1e-3 and 0.001, adam-eps and adam-eps:1e-4) are one run.
    /// </summary>
    public IEnumerable<TrainSettings> Runs() =>
        (from lr in LearningRates
         from beta2 in Beta2s
         from seed in Seeds
         from method in Methods
         select Base with { Method = method, LearningRate = lr, Beta2 = beta2, Seed = seed })
        .DistinctBy(r => (r.Method.Name, r.LearningRate, r.Beta2, r.Seed));

    /// <summary>Throws an <see cref="ArgumentException"/> when the grid is empty or a run is invalid.</summary>
    public void Validate()
    {
        if (Methods.Count == 0 || LearningRates.Count == 0 || Beta2s.Count == 0 || Seeds.Count == 0)
        {
            throw new ArgumentException("The sweep needs at least one method, learning rate, beta2 and seed.");
        }

        foreach (var run in Runs())
        {
            run.Validate();
        }
    }
}
