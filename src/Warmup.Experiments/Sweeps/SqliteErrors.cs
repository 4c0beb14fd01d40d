using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// Turns a <see cref="SqliteException"/> into an exception whose one-line message names the database file and says
/// what is wrong in plain words (never a bare "SQLite Error 26"): <see cref="InvalidDataException"/> when the file is
/// not a usable database, <see cref="IOException"/> otherwise.
/// </summary>
internal static partial class SqliteErrors
{
    /// <summary>The exception to throw instead of <paramref name="e"/>.</summary>
    /// <param name="e">What SQLite reported.</param>
    /// <param name="path">The database file.</param>
    public static Exception Describe(SqliteException e, string path)
    {
        string detail = Detail(e);
        return (e.SqliteErrorCode & 0xFF) switch
        {
            26 => new InvalidDataException($"{path} is not a SQLite database (SQLite: {detail}).", e),
            11 => new InvalidDataException($"{path} is corrupt (SQLite: {detail}); restore it or move it away and sweep again.", e),
            14 => new IOException($"{path} cannot be opened (SQLite: {detail}); check that its folder exists and is readable.", e),
            8 => new IOException($"{path} is read-only (SQLite: {detail}); check the permissions of the file and its folder.", e),
            3 or 23 => new IOException($"{path}: permission denied (SQLite: {detail}).", e),
            5 or 6 => new IOException($"{path} is locked by another process (SQLite: {detail}); try again when it has finished.", e),
            13 => new IOException($"The disk holding {path} is full (SQLite: {detail}).", e),
            10 => new IOException($"{path}: input/output error (SQLite: {detail}).", e),
            19 => new IOException($"{path}: the run is already stored (SQLite: {detail}).", e),
            _ => new IOException($"{path}: the database failed (SQLite: {detail}).", e),
        };
    }

    // "SQLite Error 26: 'file is not a database'." -> "file is not a database".
    private static string Detail(SqliteException e)
    {
        var match = Quoted().Match(e.Message);
        return match.Success ? match.Groups[1].Value : e.Message.Trim().TrimEnd('.');
    }

    [GeneratedRegex(@"^SQLite Error \d+: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Quoted();
}
