using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Warmup.Experiments.Sweeps;

/// <summary>
/// The <c>invocations</c> table: the commands that trained into the database (<see cref="Invocation"/>). Optional: a
/// database written before it existed has none, and reading never creates it.
/// </summary>
internal static class InvocationRows
{
    private const string Create = """
        CREATE TABLE IF NOT EXISTS invocations (
          started TEXT NOT NULL, command TEXT NOT NULL, build TEXT NOT NULL, machine TEXT NOT NULL,
          UNIQUE (started, command));
        """;

    /// <summary>Stores an invocation (creating the table if needed); the same one twice is stored once.</summary>
    public static void Insert(SqliteConnection connection, Invocation i)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Create + "INSERT OR IGNORE INTO invocations (started, command, build, machine) VALUES ($started, $command, $build, $machine);";
        command.Parameters.AddWithValue("$started", i.Started.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$command", i.CommandLine);
        command.Parameters.AddWithValue("$build", i.Build);
        command.Parameters.AddWithValue("$machine", i.Machine);
        command.ExecuteNonQuery();
    }

    /// <summary>Every stored invocation, oldest first; none when the table does not exist.</summary>
    public static List<Invocation> Read(SqliteConnection connection)
    {
        var list = new List<Invocation>();
        using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'invocations'";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return list;
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT started, command, build, machine FROM invocations ORDER BY started, command";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            list.Add(new Invocation(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return list;
    }
}
