namespace Warmup.Cli.Commands;

/// <summary>
/// An error as the command line prints it: the message on one line, without what .NET appends to an
/// <see cref="ArgumentException"/>'s message for programmers (" (Parameter 'tau')", and an
/// <see cref="ArgumentOutOfRangeException"/>'s "Actual value was 2."), which names code, not an option.
/// </summary>
internal static class ErrorLine
{
    /// <summary>The message of <paramref name="e"/> for a person, on one line.</summary>
    /// <param name="e">The error.</param>
    public static string Of(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = e.Message;
        if (e is ArgumentOutOfRangeException { ActualValue: { } actual })
        {
            // The runtime's own wording (localized or not): what it appends to an empty message.
            message = Without(message, new ArgumentOutOfRangeException(null, actual, string.Empty).Message);
        }

        if (e is ArgumentException { ParamName: { } name })
        {
            message = Without(message, new ArgumentException(string.Empty, name).Message);
        }

        return string.Join(' ', message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Without(string message, string suffix)
    {
        string trimmed = suffix.Trim();
        int at = trimmed.Length == 0 ? -1 : message.LastIndexOf(trimmed, StringComparison.Ordinal);
        return at < 0 ? message : message.Remove(at, trimmed.Length).TrimEnd();
    }
}
