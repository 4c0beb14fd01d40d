using System.Globalization;

namespace Warmup.Torch.Optim;

/// <summary>
/// One hyperparameter of the options classes, written once: its name, how to read and set it, its default, what makes
/// a value valid, and how a checkpoint stores it. Inheritance, copying, validation and checkpoints walk the table
/// (<see cref="AdaptiveOptions.Fields"/>) instead of naming each option again.
/// </summary>
internal abstract class OptionField
{
    /// <summary>The property's name (also its name in checkpoints).</summary>
    public abstract string Name { get; }

    /// <summary>Sets the option from <paramref name="from"/> when it is unset on <paramref name="target"/>.</summary>
    public abstract void Inherit(AdaptiveOptions target, AdaptiveOptions from);

    /// <summary>Sets the option to <paramref name="from"/>'s value.</summary>
    public abstract void Copy(AdaptiveOptions target, AdaptiveOptions from);

    /// <summary>Sets the option to its default.</summary>
    public abstract void SetDefault(AdaptiveOptions target);

    /// <summary>Why the option's value is invalid ("must be ..."), or null.</summary>
    public abstract string? Invalid(AdaptiveOptions options);

    /// <summary>The option's value, as messages print it.</summary>
    public abstract string Show(AdaptiveOptions options);

    /// <summary>Writes the value (a type tag, then the value).</summary>
    public abstract void Write(BinaryWriter writer, AdaptiveOptions options);

    /// <summary>Reads a value written by <see cref="Write"/> into <paramref name="options"/>.</summary>
    /// <exception cref="InvalidDataException">The stored type is not this option's.</exception>
    public abstract void Read(BinaryReader reader, AdaptiveOptions options);
}

/// <summary>An option of type <typeparamref name="T"/> (double, bool or an enum) of options class <typeparamref name="TOptions"/>.</summary>
/// <typeparam name="TOptions">The options class that declares it.</typeparam>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class OptionField<TOptions, T>(string name, Func<TOptions, T?> get, Action<TOptions, T?> set, T @default, Func<T, bool> valid, string rule) : OptionField
    where TOptions : AdaptiveOptions
    where T : struct
{
    private static readonly byte Tag = typeof(T) == typeof(double) ? (byte)0 : typeof(T) == typeof(bool) ? (byte)1 : typeof(T).IsEnum ? (byte)2 : throw new NotSupportedException(typeof(T).Name);

    public override string Name => name;

    public T Default => @default;

    public override void Inherit(AdaptiveOptions target, AdaptiveOptions from)
    {
        if (get((TOptions)target) is null)
        {
            set((TOptions)target, get((TOptions)from));
        }
    }

    public override void Copy(AdaptiveOptions target, AdaptiveOptions from) => set((TOptions)target, get((TOptions)from));

    public override void SetDefault(AdaptiveOptions target) => set((TOptions)target, @default);

    public override string? Invalid(AdaptiveOptions options) =>
        get((TOptions)options) is { } v ? (valid(v) ? null : rule) : "must be set";

    public override string Show(AdaptiveOptions options) =>
        get((TOptions)options) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)! : "unset";

    public override void Write(BinaryWriter writer, AdaptiveOptions options)
    {
        var v = get((TOptions)options) ?? @default;
        writer.Write(Tag);
        switch (v)
        {
            case double d:
                writer.Write(d);
                break;
            case bool b:
                writer.Write(b);
                break;
            default:
                writer.Write(Convert.ToInt32(v, CultureInfo.InvariantCulture));
                break;
        }
    }

    public override void Read(BinaryReader reader, AdaptiveOptions options)
    {
        byte tag = reader.ReadByte();
        if (tag != Tag)
        {
            throw new InvalidDataException($"option {name} is stored with type tag {tag}; this Warmup stores it with {Tag}.");
        }

        object value = tag switch
        {
            0 => reader.ReadDouble(),
            1 => reader.ReadBoolean(),
            _ => Enum.ToObject(typeof(T), reader.ReadInt32()),
        };
        set((TOptions)options, (T)value);
    }
}
