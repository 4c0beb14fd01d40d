using Warmup.Core.Updates;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim.Checkpoints;

/// <summary>
/// Warmup's checkpoint records inside TorchSharp's optimizer stream (<c>save_state_dict</c> / <c>load_state_dict</c>),
/// and the reader that stages a whole checkpoint before anything is changed.
/// </summary>
/// <remarks>
/// TorchSharp writes the optimizer's type name, the group and state counts, then each group's options record, then
/// each parameter's state record. Warmup's options record, version 4, is: <see cref="Marker"/> (int64), the format
/// version (int32), the options type name (string), the group's parameter count (int32, -1 only for options that belong
/// to no optimizer), the initial learning rate, the number of hyperparameters, each as its name (string), a type tag and
/// its value (<see cref="OptionField"/>: options are read by name, so adding one does not change the format), then the
/// group's whole rule chain by name (<see cref="Core.Updates.StepRules.NameOf"/>: warmup, RAdam's rectification, the
/// rules), which must be the loading group's. The state record is the step (int64), the state's format (int32,
/// <see cref="Core.Updates.StateFormat"/>; since version 4), m and v in that format (TorchSharp's tensor layout: float32,
/// bfloat16, or uint8 codes followed by the two float32 scale vectors), an optional AMSGrad maximum, then the rule state (an int32 count, then float64s), checked against each stateful rule's
/// valid states. Older records still load (<see cref="LegacyOptions"/>): version 3 is version 4 with float32 state and
/// no format field; version 2 stored the options in a fixed order
/// (warmup as a kind, tau and early-step choice) and the extra rules' names; version 1 the same without rules; version 0
/// had no marker and starts with the initial learning rate, as TorchSharp's built-in Adam and AdamW records do, with
/// fewer options: the reader tells them apart by parsing (it needs a seekable stream for that). The chain an older
/// record implies (its warmup, Adam-2k steps, rectification and rules) must match the loading group's too.
/// </remarks>
internal static class CheckpointFormat
{
    /// <summary>
    /// Starts every version-1 options record: the bits of a NaN (payload "WARMUP"), which no saved learning rate can
    /// be, so a record without it is an older one.
    /// </summary>
    public const long Marker = 0x7FF4_5741_524D_5550;

    /// <summary>The version written.</summary>
    public const int Version = 4;

    private enum Layout
    {
        Current,
        Version0,
        TorchSharpAdam,
    }

    /// <summary>Writes one options record.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="options">The options.</param>
    /// <param name="parameterCount">The group's parameter count, or -1 when the options belong to no optimizer.</param>
    public static void WriteOptions(BinaryWriter writer, AdaptiveOptions options, int parameterCount)
    {
        writer.Write(Marker);
        writer.Write(Version);
        writer.Write(options.GetType().Name);
        writer.Write(parameterCount);
        writer.Write(options.InitialLearningRate);
        writer.Write(options.Fields.Count);
        foreach (var field in options.Fields)
        {
            writer.Write(field.Name);
            field.Write(writer, options);
        }

        var chain = options.ChainNames;
        writer.Write(chain.Count);
        foreach (string name in chain)
        {
            writer.Write(name);
        }
    }

    /// <summary>Reads one options record (current or version 0) into <paramref name="staged"/> and validates it.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="staged">Options to fill (not in use).</param>
    /// <exception cref="InvalidDataException">The record is invalid.</exception>
    public static void ReadStandaloneOptions(BinaryReader reader, AdaptiveOptions staged)
    {
        long head = reader.ReadInt64();
        ReadOptions(reader, staged, head, head == Marker ? Layout.Current : Layout.Version0, -1, -1, isAdamW: false, "options");
    }

    /// <summary>
    /// Reads the rest of a checkpoint stream (after TorchSharp's header) for <paramref name="groups"/>: every options
    /// record, then every state record, all checked. Throws <see cref="InvalidDataException"/> naming what differs.
    /// </summary>
    /// <param name="reader">The reader, at the first options record.</param>
    /// <param name="groups">The optimizer's groups.</param>
    /// <param name="optimizer">The optimizer (for its kind and parameter names).</param>
    public static StagedCheckpoint Read(BinaryReader reader, IReadOnlyList<AdaptiveOptimizer.GroupView> groups, AdaptiveOptimizer optimizer)
    {
        var stream = reader.BaseStream;
        long start = stream.CanSeek ? stream.Position : -1;
        long head = reader.ReadInt64();
        if (head == Marker)
        {
            return Parse(reader, groups, optimizer, Layout.Current, head);
        }

        var layouts = optimizer is Adam ? new[] { Layout.Version0, Layout.TorchSharpAdam } : [Layout.Version0];
        var failures = new List<string>();
        foreach (var layout in layouts)
        {
            if (failures.Count > 0)
            {
                if (start < 0)
                {
                    break;
                }

                stream.Position = start;
                head = reader.ReadInt64();
            }

            try
            {
                return Parse(reader, groups, optimizer, layout, head);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                failures.Add($"as {Name(layout, optimizer)}: {e.Message}");
            }
        }

        throw new InvalidDataException($"Not a checkpoint of this {optimizer.GetType().Name}: read {string.Join("; read ", failures)}");
    }

    private static StagedCheckpoint Parse(BinaryReader reader, IReadOnlyList<AdaptiveOptimizer.GroupView> groups, AdaptiveOptimizer optimizer, Layout layout, long head)
    {
        var staged = new StagedCheckpoint { Source = Name(layout, optimizer) };
        try
        {
            int version = 0;
            for (int gi = 0; gi < groups.Count; gi++)
            {
                var o = groups[gi].Options.CloneUnowned();
                string where = $"parameter group {gi}";
                version = ReadOptions(reader, o, gi == 0 ? head : reader.ReadInt64(), layout, gi, groups[gi].Parameters.Count, optimizer is AdamW, where);
                staged.Options.Add(o);
            }

            for (int gi = 0; gi < groups.Count; gi++)
            {
                for (int pi = 0; pi < groups[gi].Parameters.Count; pi++)
                {
                    staged.States.Add(ReadState(reader, groups[gi].Parameters[pi], optimizer.Describe(gi, pi, groups[gi].Parameters[pi]), version));
                }
            }

            if (staged.InvalidRuleStates(groups) is { } why)
            {
                throw new InvalidDataException(why + ".");
            }

            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads one options record into <paramref name="o"/> (a copy of the loading group's options, whose warmup and rules
    /// stay), validates it, and checks that the record's rule chain is the group's.
    /// </summary>
    /// <returns>The record's format version (0 for older and TorchSharp's records).</returns>
    private static int ReadOptions(BinaryReader reader, AdaptiveOptions o, long head, Layout layout, int group, int parameterCount, bool isAdamW, string where)
    {
        int version = 0;
        if (layout == Layout.Current)
        {
            if (head != Marker)
            {
                throw new InvalidDataException($"{where}: the record does not start with Warmup's marker.");
            }

            version = reader.ReadInt32();
            if (version is < 1 or > Version)
            {
                throw new InvalidDataException($"{where}: format version {version}; this Warmup reads versions 0 to {Version}.");
            }

            string kind = reader.ReadString();
            if (kind != o.GetType().Name)
            {
                throw new InvalidDataException($"{where}: the checkpoint holds {kind}; this optimizer takes {o.GetType().Name}.");
            }

            int count = reader.ReadInt32();
            if (count < -1 || (count == -1 && parameterCount >= 0))
            {
                throw new InvalidDataException($"{where}: {count} parameters in the checkpoint's header.");
            }

            if (count >= 0 && parameterCount >= 0 && count != parameterCount)
            {
                throw new InvalidDataException($"{where}: {count} parameters in the checkpoint, {parameterCount} here.");
            }

            o.InitialLearningRate = reader.ReadDouble();
        }
        else
        {
            o.InitialLearningRate = BitConverter.Int64BitsToDouble(head);
        }

        IReadOnlyList<string>? chain;
        if (version >= 3)
        {
            chain = ReadFields(reader, o, where);
        }
        else if (layout != Layout.TorchSharpAdam)
        {
            chain = LegacyOptions.Read(reader, o, version, where);
        }
        else
        {
            // TorchSharp's Adam and AdamW options: beta1, beta2, eps, weight_decay, amsgrad, maximize. Options it does not
            // have keep this optimizer's values, its chain too (TorchSharp has no warmup or rules to compare); its eps is
            // added after bias correction and its AdamW decay is decoupled.
            var a = (AdamOptions)o;
            a.LearningRate = reader.ReadDouble();
            (a.Beta1, a.Beta2, a.Eps, a.WeightDecay) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
            (a.AmsGrad, a.Maximize) = (reader.ReadBoolean(), reader.ReadBoolean());
            (a.DecoupledWeightDecay, a.EpsBeforeBiasCorrection) = (isAdamW, false);
            chain = null;
        }

        Validate(o, group, where);
        if (chain is not null && o.MismatchedChain(chain, "The checkpoint") is { } why)
        {
            throw new InvalidDataException($"{where}: {why}");
        }

        return version;
    }

    // Version 3: every hyperparameter by name, then the chain's names.
    private static List<string> ReadFields(BinaryReader reader, AdaptiveOptions o, string where)
    {
        int count = reader.ReadInt32();
        if (count is < 0 or > 1024)
        {
            throw new InvalidDataException($"{where}: {count} options in the checkpoint.");
        }

        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            var field = o.Fields.FirstOrDefault(f => f.Name == name)
                ?? throw new InvalidDataException($"{where}: the checkpoint has an option {name} that {o.GetType().Name} does not have.");
            try
            {
                field.Read(reader, o);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{where}: {e.Message}", e);
            }
        }

        return ReadNames(reader, where);
    }

    /// <summary>Reads a count, then that many rule names.</summary>
    internal static List<string> ReadNames(BinaryReader reader, string where)
    {
        int count = reader.ReadInt32();
        if (count is < 0 or > 1024)
        {
            throw new InvalidDataException($"{where}: {count} rules in the checkpoint.");
        }

        var names = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            names.Add(reader.ReadString());
        }

        return names;
    }

    private static void Validate(AdaptiveOptions o, int group, string where)
    {
        try
        {
            o.Validate(group);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}", e);
        }
    }

    private static StagedState ReadState(BinaryReader reader, Parameter p, string where, int version)
    {
        long step = reader.ReadInt64();
        if (step < 0)
        {
            throw new InvalidDataException($"{where}: step count {step} in the checkpoint.");
        }

        var format = StateFormat.Float32;
        if (version >= 4)
        {
            int stored = reader.ReadInt32();
            format = Enum.IsDefined((StateFormat)stored) ? (StateFormat)stored : throw new InvalidDataException($"{where}: state format {stored} in the checkpoint.");
            if (format != StateFormat.Float32 && StateFormats.For(format, p.numel()) != format)
            {
                throw new InvalidDataException($"{where}: {format} state for a parameter of {p.numel()} elements, under the {StateFormats.MinimumElements} that take it.");
            }
        }

        var shape = p.shape;
        var tensors = new List<Tensor>();
        Tensor Read(ScalarType dtype, long[] expected, string what)
        {
            var t = ReadTensor(reader, dtype, expected, p.device, $"{where}: {what}");
            tensors.Add(t);
            return t;
        }

        try
        {
            var moments = format switch
            {
                StateFormat.Float32 => new FormattedMoments(format, Read(p.dtype, shape, "first moment"), Read(p.dtype, shape, "second moment"), null, null),
                StateFormat.BFloat16 => new FormattedMoments(format, Read(ScalarType.BFloat16, shape, "first moment"), Read(ScalarType.BFloat16, shape, "second moment"), null, null),
                _ => new FormattedMoments(
                    format,
                    Read(ScalarType.Byte, shape, "first moment's codes"),
                    Read(ScalarType.Byte, shape, "second moment's codes"),
                    Read(ScalarType.Float32, [StateFormats.Blocks(p.numel())], "first moment's scales"),
                    Read(ScalarType.Float32, [StateFormats.Blocks(p.numel())], "second moment's scales")),
            };
            var max = reader.ReadBoolean() ? Read(p.dtype, shape, "AMSGrad maximum") : null;
            return new StagedState(step, moments, max, version >= 2 ? ReadRuleState(reader, where) : null);
        }
        catch
        {
            foreach (var t in tensors)
            {
                t.Dispose();
            }

            throw;
        }
    }

    private static double[] ReadRuleState(BinaryReader reader, string where)
    {
        int length = reader.ReadInt32();
        if (length is < 0 or > 1 << 16)
        {
            throw new InvalidDataException($"{where}: {length} numbers of rule state in the checkpoint.");
        }

        var state = new double[length];
        for (int i = 0; i < length; i++)
        {
            state[i] = reader.ReadDouble();
        }

        return state;
    }

    // TorchSharp's tensor record: dtype, rank and sizes (LEB128), then the raw bytes. The header is checked against what
    // the parameter's state must be before any memory is allocated, so a corrupt size never allocates.
    private static Tensor ReadTensor(BinaryReader reader, ScalarType expectedType, long[] expectedShape, Device device, string what)
    {
        var dtype = (ScalarType)ReadLength(reader);
        long rank = ReadLength(reader);
        if (rank is < 0 or > 64)
        {
            throw new InvalidDataException($"{what}: rank {rank} in the checkpoint.");
        }

        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = ReadLength(reader);
        }

        if (dtype != expectedType)
        {
            throw new InvalidDataException($"{what} is {dtype} in the checkpoint; it must be {expectedType}.");
        }

        if (!shape.SequenceEqual(expectedShape))
        {
            throw new InvalidDataException($"{what} has shape [{string.Join(", ", shape)}] in the checkpoint; it must have [{string.Join(", ", expectedShape)}].");
        }

        var t = empty(shape, dtype: dtype, device: CPU).DetachFromDisposeScope();
        try
        {
            t.ReadBytesFromStream(reader.BaseStream, 1 << 16);
            GC.KeepAlive(t);
            if (device.type == DeviceType.CPU)
            {
                return t;
            }

            var moved = t.to(device).DetachFromDisposeScope();
            t.Dispose();
            return moved;
        }
        catch
        {
            t.Dispose();
            throw;
        }
    }

    // TorchSharp's unsigned LEB128 integers (its codec is internal): 7 bits per byte, low first, high bit = more.
    private static long ReadLength(BinaryReader reader)
    {
        long value = 0;
        for (int shift = 0; ; shift += 7)
        {
            if (shift > 56)
            {
                throw new InvalidDataException("a tensor header holds an integer longer than 9 bytes.");
            }

            byte b = reader.ReadByte();
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }

    private static string Name(Layout layout, AdaptiveOptimizer optimizer) => layout switch
    {
        Layout.Current => $"Warmup format {Version}",
        Layout.Version0 => "Warmup format 0",
        _ => $"TorchSharp's {optimizer.GetType().Name}",
    };
}
