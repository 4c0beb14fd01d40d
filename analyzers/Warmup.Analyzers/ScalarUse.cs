namespace Warmup.Analyzers;

/// <summary>What the code does with a Scalar right after creating it.</summary>
internal enum ScalarUse
{
    /// <summary>Owned beyond the native call: a using variable, a field or property, or a return value.</summary>
    Held,

    /// <summary>Passed directly as an argument (or operand of a user-defined operator).</summary>
    Argument,

    /// <summary>Used directly as the receiver of a member access.</summary>
    Receiver,

    /// <summary>Stored in a local or parameter that is not a using variable.</summary>
    PlainLocal,

    /// <summary>Anything else: discarded, put in an array, and so on.</summary>
    Unheld,
}
