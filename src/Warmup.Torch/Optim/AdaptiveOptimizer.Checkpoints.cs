using TorchSharp.Modules;
using Warmup.Torch.Optim.Checkpoints;
using static TorchSharp.torch;

namespace Warmup.Torch.Optim;

/// <summary>Loading state atomically: everything is read and checked before anything changes.</summary>
public abstract partial class AdaptiveOptimizer
{
    /// <summary>
    /// Loads <paramref name="state_dict"/> (from <c>state_dict()</c> of an optimizer of the same kind, or of TorchSharp's
    /// built-in Adam or AdamW for this package's Adam and AdamW). Group and parameter counts, option types and values,
    /// and every tensor's shape and dtype are checked first; on a mismatch an <see cref="ArgumentException"/> names
    /// it and nothing is changed. Tensors are copied. Options TorchSharp's optimizers lack keep their current values.
    /// </summary>
    /// <param name="state_dict">The state to load.</param>
#pragma warning disable CA1725 // Keeps TorchSharp's parameter name.
    public override void load_state_dict(StateDictionary state_dict)
#pragma warning restore CA1725
    {
        using (no_grad())
        {
            var groups = GroupViews();
            using var staged = StateDictionaryReader.Stage(state_dict, groups, this);
            staged.CommitTo(groups);
        }
    }

    /// <summary>
    /// Loads a checkpoint file written by <c>save_state_dict</c> (or by TorchSharp's built-in Adam or AdamW, for this
    /// package's Adam and AdamW). The whole checkpoint is read and checked before anything changes; a file that does
    /// not fit gets an <see cref="InvalidDataException"/> naming the file and what differs.
    /// </summary>
    /// <param name="location">The file.</param>
#pragma warning disable CA1707 // TorchSharp's name, hidden so that errors name the file.
    public new void load_state_dict(string location)
#pragma warning restore CA1707
    {
        try
        {
            base.load_state_dict(location);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException($"{location}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Saves the optimizer to <paramref name="location"/> without ever leaving a partial file there: the checkpoint is
    /// written to a temporary file in the same folder, flushed to the disk, then renamed over <paramref name="location"/>
    /// (atomic on one file system). If anything fails (a full disk, a killed process), the previous file at
    /// <paramref name="location"/> is as it was and the temporary file is removed where possible.
    /// </summary>
    /// <param name="location">The file.</param>
    /// <exception cref="IOException">The checkpoint could not be written; the message names the file, which is unchanged.</exception>
#pragma warning disable CA1707 // TorchSharp's name, hidden so that a save never truncates the last good checkpoint.
    public new void save_state_dict(string location)
#pragma warning restore CA1707
    {
        ArgumentNullException.ThrowIfNull(location);
        string full = Path.GetFullPath(location);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var writer = new BinaryWriter(stream))
            {
                save_state_dict(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new IOException($"Could not save the checkpoint to {full} ({e.Message}); the file there is as it was.", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The parameter count of the first group whose options are <paramref name="options"/>, or -1.</summary>
    /// <param name="options">A group's options.</param>
    internal int ParameterCountOf(AdaptiveOptions options)
    {
        foreach (var g in _parameter_groups)
        {
            if (ReferenceEquals(g.Options, options))
            {
                return g.Parameters.Count();
            }
        }

        return -1;
    }

    /// <summary>
    /// Called by a group's options when TorchSharp's <c>load_state_dict(BinaryReader)</c> or <c>load_state_dict(path)</c>
    /// reads its record. The first group's call reads and checks the whole rest of the checkpoint (every group's
    /// options and every parameter's state; <see cref="CheckpointFormat"/>) and only then commits it; the later
    /// calls for the same reader read nothing.
    /// </summary>
    /// <param name="caller">The options whose record TorchSharp is reading.</param>
    /// <param name="reader">The checkpoint's reader.</param>
    /// <exception cref="InvalidDataException">The checkpoint does not fit this optimizer; nothing was changed.</exception>
    internal void LoadCheckpointThrough(AdaptiveOptions caller, BinaryReader reader)
    {
        bool first = _parameter_groups.Count > 0 && ReferenceEquals(_parameter_groups[0].Options, caller);
        if (!first)
        {
            if (AcknowledgeStateRecord(reader))
            {
                return;
            }

            throw new InvalidOperationException("A parameter group's options are loaded by the optimizer's load_state_dict, which checks the whole checkpoint first.");
        }

        // The first group's record always starts a new load: nothing left from an earlier one is acknowledged.
        (_loadingReader, _recordsToAcknowledge) = (null, 0);

        using (no_grad())
        {
            var groups = GroupViews();
            StagedCheckpoint staged;
            try
            {
                staged = CheckpointFormat.Read(reader, groups, this);
            }
            catch (EndOfStreamException e)
            {
                throw new InvalidDataException($"The checkpoint ends early for this {GetType().Name} ({e.Message}). Nothing was changed.", e);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"Cannot load the checkpoint into {GetType().Name}: {e.Message} Nothing was changed.", e);
            }

            using (staged)
            {
                staged.CommitTo(groups);
            }
        }

        _loadingReader = reader;
        _recordsToAcknowledge = _parameter_groups.Count - 1 + _state.Count;
    }

    /// <summary>True (consuming one) while TorchSharp walks the records of a checkpoint this optimizer already loaded from <paramref name="reader"/>.</summary>
    /// <param name="reader">The reader TorchSharp is using.</param>
    internal bool AcknowledgeStateRecord(BinaryReader reader)
    {
        if (_recordsToAcknowledge == 0 || !ReferenceEquals(reader, _loadingReader))
        {
            return false;
        }

        if (--_recordsToAcknowledge == 0)
        {
            _loadingReader = null;
        }

        return true;
    }

    /// <summary>Every group's options, parameters and states, in order.</summary>
    internal List<GroupView> GroupViews() =>
        _parameter_groups.Select(g =>
        {
            var parameters = g.Parameters as IReadOnlyList<Parameter> ?? g.Parameters.ToList();
            return new GroupView((AdaptiveOptions)g.Options, parameters, parameters.Select(p => (AdaptiveState)_state[p.Handle]).ToList());
        }).ToList();

    /// <summary>A group as the checkpoint code sees it.</summary>
    /// <param name="Options">Its options.</param>
    /// <param name="Parameters">Its parameters.</param>
    /// <param name="States">Their states.</param>
    internal readonly record struct GroupView(AdaptiveOptions Options, IReadOnlyList<Parameter> Parameters, IReadOnlyList<AdaptiveState> States);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; the checkpoint itself is untouched.
        }
    }
}
