using System.Text.Json.Serialization;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Experiments.Methods;

/// <summary>
/// A training method with its argument, by its command-line name (<c>adam</c>, <c>adam+linear:250</c>, <c>sgd:0.5</c>
/// ...; every method is registered in <see cref="ExperimentMethods.All"/>). Every Adam-family method uses Warmup's
/// fused optimizers; SGD is <see cref="MomentumSgd"/> (TorchSharp's arithmetic, held Scalars).
/// </summary>
/// <param name="Definition">The method.</param>
/// <param name="Argument">Its argument (the default when omitted), or null for a method without one.</param>
[JsonConverter(typeof(MethodSpecJsonConverter))]
public sealed record MethodSpec(MethodDefinition Definition, double? Argument = null)
{
    /// <summary>The names the command line accepts, with their argument syntax.</summary>
    public static IReadOnlyList<string> Syntax => ExperimentMethods.Syntax;

    /// <summary>The canonical name, which <see cref="Parse"/> reads back: the argument is written unless it is the default.</summary>
    public string Name =>
        Argument is not double a || a == Definition.Argument.Default ? Definition.Name : $"{Definition.Name}:{Definition.Argument.Write(a)}";

    /// <summary>Steps the method adds before the run's own (Adam-2k's steps that update only v).</summary>
    public int ExtraSteps => Definition.ExtraSteps(Argument);

    /// <summary>The method's fixed ramp of the learning rate at <paramref name="beta2"/>, or null (see <see cref="MethodDefinition.Ramp"/>).</summary>
    /// <param name="beta2">Adam's beta2 of the run.</param>
    public WarmupRamp? Ramp(double beta2) => Definition.Ramp(beta2, Argument);

    /// <summary>Parses a method name (case-insensitive, surrounding spaces ignored).</summary>
    /// <param name="text">The name.</param>
    /// <exception cref="ArgumentException">Unknown or malformed; the message lists the valid names.</exception>
    public static MethodSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        var definition = ExperimentMethods.Find(parts[0]) ?? throw Bad(text);
        var argument = definition.Argument;
        if (parts.Length == 1)
        {
            return argument.Exists && argument.Default is null ? throw Bad(text) : new(definition, argument.Default);
        }

        return argument.Exists && argument.Read(parts[1]) is double value ? new(definition, value) : throw Bad(text);
    }

    /// <summary>Builds the method's optimizer.</summary>
    /// <param name="parameters">The parameters to optimize.</param>
    /// <param name="h">The hyperparameters.</param>
    public optim.Optimizer Create(IEnumerable<Parameter> parameters, Hyperparameters h)
    {
        ArgumentNullException.ThrowIfNull(h);
        return Definition.Create(parameters, h, Argument);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static ArgumentException Bad(string text) =>
        new($"Unknown or malformed method '{text}'; expected one of: {string.Join(", ", Syntax)}.");
}
