using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Methods;

/// <summary>
/// One training method of the experiments, as registered in <see cref="ExperimentMethods.All"/>: its name, its
/// argument, and the optimizer it builds (which owns every rule and post-step hook of the method).
/// </summary>
/// <param name="Name">The command-line name, without argument.</param>
/// <param name="Argument">Its argument, or <see cref="MethodArgument.None"/>.</param>
/// <param name="Create">Builds the optimizer for parameters, hyperparameters and the parsed argument (null when the method takes none).</param>
public sealed record MethodDefinition(string Name, MethodArgument Argument, Func<IEnumerable<Parameter>, Hyperparameters, double?, optim.Optimizer> Create)
{
    /// <summary>Steps the method adds before the run's own (Adam-2k's steps that update only v), by argument; none by default.</summary>
    public Func<double?, int> ExtraSteps { get; init; } = _ => 0;

    /// <summary>
    /// The method's fixed ramp of the learning rate for a beta2 and the parsed argument (<see cref="WarmupRamp"/>), or
    /// null when it has none: a warmup schedule (untuned, linear, exponential, RAdam's factor given to Adam, the
    /// geometric ramp) or a ramp that comes from the method itself (GI-Adam with bias correction, about
    /// sqrt(1 - beta2^t)). Not a ramp: a gated one whose length depends on the gradients (dynamic), steps a method
    /// adds before the run's own (Adam-2k), and RAdam's rectification, which is part of its update rule rather than a
    /// warmup given to it. Commands warn when a run ends before its ramp does.
    /// </summary>
    public Func<double, double?, WarmupRamp?> Ramp { get; init; } = (_, _) => null;

    /// <summary>
    /// Whether the method's argument is its decoupled weight decay (AdamW): a run of it applies that decay
    /// (<see cref="Training.TrainSettings.AppliedWeightDecay"/>) and refuses <c>--weight-decay</c> and
    /// <c>--decoupled</c> beside it instead of stacking or overriding them silently.
    /// </summary>
    public bool WeightDecayFromArgument { get; init; }

    /// <summary>What the method is, in a few words with its source, as reports describe it (e.g. "Adam without warmup").</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>The syntax shown to users: <c>name</c>, <c>name:ARG</c> (required) or <c>name[:ARG]</c> (optional).</summary>
    public string Syntax =>
        !Argument.Exists ? Name : Argument.Default is null ? $"{Name}:{Argument.Placeholder}" : $"{Name}[:{Argument.Placeholder}]";
}
