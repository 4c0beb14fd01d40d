using System.Globalization;
using Microsoft.Data.Sqlite;
using Warmup.Experiments.Methods;
using Warmup.Experiments.Shards;
using Warmup.Experiments.Sweeps;
using Warmup.Experiments.Training;

namespace Warmup.Cli.Tests;

/// <summary>
/// A sharded sweep folder whose shard 0 holds many stored runs (written directly, in one transaction), so that
/// folding them (merge, the report's cache: one transaction per run) takes long enough to be stopped midway.
/// </summary>
internal static class LargeShardedFolder
{
    /// <summary>Creates the folder <paramref name="path"/>: a grid of two runs cut into 2 shards, shard 0 holding <paramref name="runs"/> runs.</summary>
    public static SweepFolder Create(string path, int runs)
    {
        var settings = new TrainSettings { Task = "fmnist-mlp", Method = MethodSpec.Parse("adam"), Steps = 100, DataFolder = WarmupProcess.Sample };
        var spec = new SweepSpec(settings, [MethodSpec.Parse("adam")], [1e-3], [0.999], [1, 2]);
        var folder = new SweepFolder(path);
        var layout = ShardLayout.Of(spec, 2);
        layout.Record(folder.LayoutFile);
        for (int i = 0; i < 2; i++)
        {
            using var db = new SweepDatabase(folder.ShardDatabase(i));
            new ShardStamp(layout.Fingerprint, new SweepShard(i, 2)).Apply(db);
        }

        using (var connection = new SqliteConnection($"Data Source={folder.ShardDatabase(0)};Pooling=False"))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var run = connection.CreateCommand();
            run.Transaction = transaction;
            run.CommandText =
                "INSERT INTO runs (task, method, lr, beta2, seed, configuration, final_train_loss, test_metric, metric_name, diverged, diverged_at, steps, seconds, data_note, finished) " +
                "VALUES ('fmnist-mlp', 'adam', 0.001, 0.999, $seed, $configuration, 0.5, 80, 'test accuracy (%)', 0, NULL, 100, 1.5, 'sample', $finished) RETURNING id";
            var seed = run.Parameters.Add("$seed", SqliteType.Integer);
            run.Parameters.AddWithValue("$configuration", settings.Configuration);
            var finished = run.Parameters.Add("$finished", SqliteType.Text);
            using var curve = connection.CreateCommand();
            curve.Transaction = transaction;
            curve.CommandText = "INSERT INTO curve (run_id, step, train_loss, lr) VALUES ($id, $step, $loss, 0.001)";
            var (id, step, loss) = (curve.Parameters.Add("$id", SqliteType.Integer), curve.Parameters.Add("$step", SqliteType.Integer), curve.Parameters.Add("$loss", SqliteType.Real));
            for (int k = 0; k < runs; k++)
            {
                (seed.Value, finished.Value) = (1000 + k, DateTimeOffset.UnixEpoch.AddMinutes(k).ToString("O", CultureInfo.InvariantCulture));
                id.Value = (long)run.ExecuteScalar()!;
                for (int s = 10; s <= 100; s += 10)
                {
                    (step.Value, loss.Value) = (s, 2.3 / s);
                    curve.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }

        SqliteConnection.ClearAllPools();
        return folder;
    }

    /// <summary>Runs stored in the database at <paramref name="path"/>, read as warmup reads (through a writer's log), or 0 before it exists.</summary>
    public static int Count(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        try
        {
            using var db = SweepDatabase.OpenReadOnly(path);
            return db.Count();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return 0; // being created
        }
    }
}
