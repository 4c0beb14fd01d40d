using System.Globalization;
using Warmup.Experiments.Sweeps;

namespace Warmup.Experiments.Shards;

/// <summary>
/// What a shard database says about itself (its table <c>shard</c>, one row): the grid it belongs to and which shard
/// it is. <c>merge</c> and <c>report</c> refuse a shard whose stamp is missing or names another grid.
/// </summary>
/// <param name="Fingerprint">The grid's <see cref="ShardLayout.Fingerprint"/>.</param>
/// <param name="Shard">Which shard, with the count.</param>
public sealed record ShardStamp(string Fingerprint, SweepShard Shard)
{
    private const string Create = "CREATE TABLE IF NOT EXISTS shard (fingerprint TEXT NOT NULL, shard INTEGER NOT NULL, shards INTEGER NOT NULL)";

    /// <summary>The stamp of <paramref name="db"/>, or null when it has none (it is not a shard database).</summary>
    /// <param name="db">A sweep database.</param>
    public static ShardStamp? Read(SweepDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Use(connection =>
        {
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'shard'";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "SELECT fingerprint, shard, shards FROM shard LIMIT 1";
            using var reader = command.ExecuteReader();
            return reader.Read() ? new ShardStamp(reader.GetString(0), new SweepShard(reader.GetInt32(1), reader.GetInt32(2))) : null;
        });
    }

    /// <summary>Stamps <paramref name="db"/> with this stamp, or checks the stamp it has; throws if it has another.</summary>
    /// <param name="db">A shard database open for writing.</param>
    /// <exception cref="InvalidDataException">The database is stamped for another grid or shard; nothing is changed.</exception>
    public void Apply(SweepDatabase db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Read(db) is { } existing)
        {
            if (existing != this)
            {
                throw new InvalidDataException($"{db.Path} is shard {existing.Shard} of grid {existing.Fingerprint[..12]}, not shard {Shard} of grid {Fingerprint[..12]}; move it away.");
            }

            return;
        }

        if (db.Runs().Count > 0)
        {
            throw NotAShard(db);
        }

        db.Use(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Create + "; INSERT INTO shard (fingerprint, shard, shards) VALUES ($f, $i, $n)";
            command.Parameters.AddWithValue("$f", Fingerprint);
            command.Parameters.AddWithValue("$i", Shard.Index);
            command.Parameters.AddWithValue("$n", Shard.Count);
            command.ExecuteNonQuery();
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>Throws unless <paramref name="db"/> is stamped as a shard of <paramref name="layout"/>'s grid.</summary>
    /// <param name="db">A database found among a folder's shards.</param>
    /// <param name="layout">The folder's layout.</param>
    /// <exception cref="InvalidDataException">It is not a shard, or a shard of another grid or count; the message names the file.</exception>
    public static void Check(SweepDatabase db, ShardLayout layout)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(layout);
        var stamp = Read(db);
        if (stamp is null && db.Runs().Count == 0)
        {
            return; // a shard its writer is just creating (it is stamped before its first run), or an empty file: nothing to read
        }

        if (stamp is null)
        {
            throw NotAShard(db);
        }

        if (stamp.Fingerprint != layout.Fingerprint)
        {
            throw new InvalidDataException(
                $"{db.Path} is a shard of another grid (grid {stamp.Fingerprint[..12]}; this folder's grid is {layout.ShortFingerprint}): it is neither merged nor reported. Move it away.");
        }

        if (stamp.Shard.Count != layout.Count || Path.GetFileNameWithoutExtension(db.Path) != stamp.Shard.Index.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"{db.Path} is shard {stamp.Shard} of this grid, which is cut into {layout.Count}; its name or count does not fit. Move it away.");
        }
    }

    private static InvalidDataException NotAShard(SweepDatabase db) =>
        new($"{db.Path} holds runs but is not a shard database (it has no shard table): only `warmup sweep --shard` writes into the shards folder; move it away.");
}
