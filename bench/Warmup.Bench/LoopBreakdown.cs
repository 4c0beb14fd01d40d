using Warmup.Experiments.Training;

namespace Warmup.Bench;

/// <summary>Where one training loop's step time goes, phase by phase (see <see cref="LoopPhase"/>).</summary>
/// <param name="Loop">Which loop.</param>
/// <param name="MedianMilliseconds">
/// Per phase (keys: <see cref="Keys"/>) and for the whole step (<c>total</c>): the median over every timed step of
/// every round, in ms. Robust to the occasional slow step; the phases' medians need not add up to the total's.
/// </param>
/// <param name="MeanMilliseconds">The same as means over every timed step of every round: these add up to the total.</param>
/// <param name="IsolatedStepMilliseconds">
/// Median ms of the same optimizer's step outside the loop: after each timed run (and its evaluation), the optimizer
/// steps the same model's parameters again and again with their last gradients, nothing else running in between.
/// Null for the loop without an optimizer step.
/// </param>
/// <param name="AfterForwardStepMilliseconds">
/// Median ms of the same optimizer's step when each comes right after a forward pass of the model on a training
/// batch (untimed, without gradients): the cache state a step meets in a loop, without the loop's other work. Null for
/// the loop without an optimizer step.
/// </param>
public sealed record LoopBreakdown(
    string Loop,
    IReadOnlyDictionary<string, double> MedianMilliseconds,
    IReadOnlyDictionary<string, double> MeanMilliseconds,
    double? IsolatedStepMilliseconds,
    double? AfterForwardStepMilliseconds)
{
    /// <summary>The key of the whole step in <see cref="MedianMilliseconds"/> and <see cref="MeanMilliseconds"/>.</summary>
    public const string Total = "total";

    /// <summary>The phases' keys, in the order the loop runs them (<see cref="LoopTimer.Phases"/>).</summary>
    public static IReadOnlyList<string> Keys { get; } = LoopTimer.Phases.Select(Key).ToList();

    /// <summary>The median step in the loop over the median isolated step; null without an isolated time.</summary>
    public double? StepInLoopOverIsolated => InLoopOver(IsolatedStepMilliseconds);

    /// <summary>The median step in the loop over the median step after a forward pass; null without that time.</summary>
    public double? StepInLoopOverAfterForward => InLoopOver(AfterForwardStepMilliseconds);

    /// <summary>The key of <paramref name="phase"/>: zero_grad, data, forward, backward, step or other.</summary>
    /// <param name="phase">A phase.</param>
    public static string Key(LoopPhase phase) => phase switch
    {
        LoopPhase.ZeroGrad => "zero_grad",
        LoopPhase.Data => "data",
        LoopPhase.Forward => "forward",
        LoopPhase.Backward => "backward",
        LoopPhase.Step => "step",
        LoopPhase.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };

    /// <summary>Summarizes the timed runs of one loop.</summary>
    /// <param name="loop">Which loop.</param>
    /// <param name="runs">One timer per timed run.</param>
    /// <param name="isolatedMilliseconds">Every isolated step's time, or none for the loop without a step.</param>
    /// <param name="afterForwardMilliseconds">Every step's time after a forward pass, or none for the loop without a step.</param>
    public static LoopBreakdown From(string loop, IReadOnlyList<LoopTimer> runs, IReadOnlyList<double> isolatedMilliseconds, IReadOnlyList<double> afterForwardMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(isolatedMilliseconds);
        ArgumentNullException.ThrowIfNull(afterForwardMilliseconds);
        var medians = new Dictionary<string, double>();
        var means = new Dictionary<string, double>();
        void Add(string key, Func<LoopTimer, int, double> milliseconds)
        {
            var all = runs.SelectMany(run => Enumerable.Range(0, run.Steps).Select(step => milliseconds(run, step))).ToList();
            medians[key] = Statistics.Median(all);
            means[key] = all.Count == 0 ? double.NaN : all.Average();
        }

        foreach (var phase in LoopTimer.Phases)
        {
            Add(Key(phase), (run, step) => run.Milliseconds(step, phase));
        }

        Add(Total, (run, step) => run.TotalMilliseconds(step));
        return new LoopBreakdown(loop, medians, means, MedianOrNull(isolatedMilliseconds), MedianOrNull(afterForwardMilliseconds));
    }

    private static double? MedianOrNull(IReadOnlyList<double> xs) => xs.Count == 0 ? null : Statistics.Median(xs);

    private double? InLoopOver(double? reference) => reference is double r && r > 0 ? MedianMilliseconds[Key(LoopPhase.Step)] / r : null;
}
