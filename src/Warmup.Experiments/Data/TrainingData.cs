using Warmup.Experiments.Training;
using Warmup.Experiments.Training.Tasks;

namespace Warmup.Experiments.Data;

/// <summary>
/// Checks, before anything is trained or written, that the data of some runs can be read, each task its own way
/// (<see cref="TaskDefinition.CheckData"/>): the Fashion-MNIST files (found and decoded, so a corrupt file is named at
/// once), the language model's text (present, readable, UTF-8, and long enough for its sequences and batches), and
/// the text classifier's files (readable, with two classes or more).
/// </summary>
public static class TrainingData
{
    /// <summary>Loads each distinct data source of <paramref name="runs"/> once; throws naming the first bad file or folder.</summary>
    /// <param name="runs">The runs about to be trained.</param>
    /// <exception cref="DirectoryNotFoundException">Fashion-MNIST is nowhere to be found.</exception>
    /// <exception cref="FileNotFoundException">A text file is missing, or no default corpus exists.</exception>
    /// <exception cref="InvalidDataException">A file is corrupt, not UTF-8, or the text is too short; the message names it.</exception>
    /// <exception cref="ArgumentException">A run's task is unknown.</exception>
    public static void Check(IEnumerable<TrainSettings> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var loaded = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var s in runs)
        {
            TrainingTasks.Get(s.Task).CheckData(s, loaded);
        }
    }

    /// <summary>
    /// The language model's condition on its text (checked by the task, and by commands before any work): the training part (the first nine
    /// tenths) holds a batch of windows of context + 1 characters, and the held-out tenth at least one.
    /// </summary>
    /// <param name="corpus">The text.</param>
    /// <param name="context">Characters per sequence.</param>
    /// <param name="batch">Sequences per batch.</param>
    /// <exception cref="InvalidDataException">The text is too short; the message names it and the numbers.</exception>
    public static void CheckLength(TextCorpus corpus, int context, int batch)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        int length = corpus.Text.Length;
        int heldOut = length - corpus.ValidationStart;
        if (corpus.ValidationStart - context - 1 < batch || heldOut < context + 1)
        {
            throw new InvalidDataException(
                $"The text ({corpus.Source}) has {length:N0} characters: too short for sequences of {context:N0} in batches of {batch:N0} " +
                $"(its held-out last tenth, {heldOut:N0} characters, needs at least {context + 1:N0}; the rest, {corpus.ValidationStart:N0}, at least {context + 1 + batch:N0}).");
        }
    }
}
