using System.Globalization;
using Warmup.Experiments.Training;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// What identifies a run in a sweep database (its unique key): the task, method, learning rate, beta2, seed and the
/// configuration string holding every other setting. Two databases hold the same run when their keys are equal.
/// </summary>
/// <param name="Task">The task.</param>
/// <param name="Method">The method's name.</param>
/// <param name="LearningRate">Base learning rate.</param>
/// <param name="Beta2">Adam's beta2.</param>
/// <param name="Seed">Seed.</param>
/// <param name="Configuration">The other settings (<see cref="TrainSettings.Configuration"/>).</param>
public sealed record RunKey(string Task, string Method, double LearningRate, double Beta2, int Seed, string Configuration)
{
    /// <summary>The key of the run these settings describe.</summary>
    /// <param name="s">The settings.</param>
    public static RunKey Of(TrainSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Task, s.Method.Name, s.LearningRate, s.Beta2, s.Seed, s.Configuration);
    }

    /// <summary>The key of a stored run.</summary>
    /// <param name="r">The run.</param>
    public static RunKey Of(StoredRun r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Task, r.Method, r.LearningRate, r.Beta2, r.Seed, r.Configuration);
    }

    /// <summary>The run in words, for progress lines and status tables: <c>adam lr=0.001 beta2=0.999 seed=1</c>.</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Method} lr={LearningRate:G6} beta2={Beta2:G6} seed={Seed}");

    /// <summary>One line that changes whenever the key does (numbers in round-trip form), for fingerprints.</summary>
    public string Canonical => string.Create(CultureInfo.InvariantCulture, $"{Task}\t{Method}\t{LearningRate:R}\t{Beta2:R}\t{Seed}\t{Configuration}");
}
