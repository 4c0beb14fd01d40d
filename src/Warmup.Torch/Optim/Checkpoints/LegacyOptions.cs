using Warmup.Core.Schedules;
using Warmup.Core.Updates;
using Warmup.Core.Updates.Rules;

namespace Warmup.Torch.Optim.Checkpoints;

/// <summary>
/// Options records of checkpoint formats 0 to 2 (Warmup 0.9 and earlier): the options in a fixed order, the warmup as a
/// <see cref="WarmupKind"/> with its tau and early-step choice, Adam-2k as an option, and (version 2) the names of the
/// extra rules. Read into a group's options, and turned into the rule chain they imply, which must be the group's.
/// </summary>
internal static class LegacyOptions
{
    /// <summary>Reads a record's learning rate and options into <paramref name="o"/>; returns the chain's names.</summary>
    /// <param name="reader">The reader, at the record's current learning rate.</param>
    /// <param name="o">The options to fill (a copy of the loading group's).</param>
    /// <param name="version">The record's format version, 0 to 2.</param>
    /// <param name="where">The group, for messages.</param>
    /// <exception cref="InvalidDataException">A stored value is not one these formats could hold.</exception>
    public static List<string> Read(BinaryReader reader, AdaptiveOptions o, int version, string where)
    {
        o.LearningRate = reader.ReadDouble();
        (o.Beta1, o.Beta2, o.Eps, o.WeightDecay) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        (o.DecoupledWeightDecay, o.Maximize) = (reader.ReadBoolean(), reader.ReadBoolean());
        var kind = (WarmupKind)reader.ReadInt32();
        bool hasTau = reader.ReadBoolean();
        double tau = reader.ReadDouble();
        var early = (RAdamEarlySteps)reader.ReadInt32();
        o.EpsBeforeBiasCorrection = reader.ReadBoolean();
        long frozen = 0;
        IStepRule? own = null;
        switch (o)
        {
            case AdamOptions adam:
                adam.AmsGrad = reader.ReadBoolean();
                frozen = reader.ReadInt32();
                break;
            case RAdamOptions radam:
                (radam.Threshold, radam.EarlyPhase, radam.AllowNeverRectified) = (reader.ReadDouble(), (EarlyPhase)reader.ReadInt32(), reader.ReadBoolean());
                own = radam.Threshold is { } t && radam.EarlyPhase is { } e ? new Rectify(t, e) : null;
                break;
            default:
                break;
        }

        var chain = new List<string> { StepRules.NameOf(ScaleByAdam.Instance) };
        if (kind != WarmupKind.None)
        {
            chain.Add(StepRules.NameOf(new ApplyWarmup(Schedule(kind, hasTau ? tau : null, o.Beta2!.Value, early, where))));
        }

        chain.Add(StepRules.NameOf(MaximizeObjective.Instance));
        chain.Add(StepRules.NameOf(AddWeightDecay.Instance));
        if (frozen > 0)
        {
            chain.Add(StepRules.NameOf(new FreezeFirstMoment(frozen)));
        }

        if (own is not null)
        {
            chain.Add(StepRules.NameOf(own));
        }

        if (version >= 2)
        {
            chain.AddRange(CheckpointFormat.ReadNames(reader, where));
        }

        return chain;
    }

    private static WarmupSchedule Schedule(WarmupKind kind, double? tau, double beta2, RAdamEarlySteps early, string where)
    {
        try
        {
            return Enum.IsDefined(kind) && Enum.IsDefined(early)
                ? WarmupSchedule.Create(kind, tau, beta2, early)
                : throw new ArgumentException($"warmup kind {(int)kind} or early-step choice {(int)early} is not one Warmup had.");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: the checkpoint's warmup is not valid: {e.Message}", e);
        }
    }
}
