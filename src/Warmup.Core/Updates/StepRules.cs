using System.Reflection;
using System.Text;

namespace Warmup.Core.Updates;

/// <summary>How rules are told apart: by value, and by one stable name each (what checkpoints store).</summary>
public static class StepRules
{
    /// <summary>
    /// The name a checkpoint stores for <paramref name="rule"/>: its type's full name and, when it prints any, its value
    /// (the record's <c>ToString</c>), e.g. <c>Warmup.Core.Updates.Rules.DynamicWarmup: DynamicWarmup(Start = 0.01, Growth = 1.03, Tolerance = 0.7)</c>;
    /// a rule with no parameters is its type's full name alone. Two rules with the same name are the same rule.
    /// </summary>
    /// <param name="rule">The rule.</param>
    public static string NameOf(IStepRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var type = rule.GetType();
        string full = type.FullName ?? type.Name;
        string printed = rule.ToString() ?? full;
        return printed == full || printed == type.Name || printed == $"{type.Name} {{ }}" ? full : $"{full}: {printed}";
    }

    /// <summary>How messages print <paramref name="rule"/>: its value, or its type's name when it prints no parameters (<c>ScaleByAdam</c>).</summary>
    /// <param name="rule">The rule.</param>
    public static string Display(IStepRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        string name = NameOf(rule);
        int colon = name.IndexOf(": ", StringComparison.Ordinal);
        return colon >= 0 ? name[(colon + 2)..] : rule.GetType().Name;
    }

    /// <summary>
    /// Throws unless <paramref name="rule"/> is a value: a <c>record</c> (or record struct), whose equality and printed
    /// value cover its parameters. A rule written as a plain class with a parameter would print the same name whatever
    /// the parameter, so a checkpoint saved with one value would load silently into another.
    /// </summary>
    /// <param name="rule">The rule.</param>
    /// <param name="where">Where the rule is used, for the message.</param>
    /// <exception cref="ArgumentException">The rule's type is not a record.</exception>
    public static void CheckIsValue(IStepRule rule, string where)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var type = rule.GetType();
        if (!IsRecord(type))
        {
            throw new ArgumentException(
                $"{where}: the rule {type.FullName} is not a record. Rules are values: a checkpoint names each rule by its printed value and refuses " +
                $"another, which only a record's ToString and equality guarantee. Declare it as `public sealed record {type.Name}(...) : IStepRule`.",
                nameof(rule));
        }
    }

    // Records (and record structs) implement IEquatable of themselves and have the compiler's PrintMembers(StringBuilder).
    private static bool IsRecord(Type type) =>
        typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type) &&
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(StringBuilder)]) is not null;
}
