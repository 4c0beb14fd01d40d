namespace Warmup.Experiments.Data;

/// <summary>Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, MIT licence): where it was found and its two splits.</summary>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split.</param>
/// <param name="Source">The folder it was read from.</param>
/// <param name="IsSample">True when this is the small sample shipped in the repository.</param>
public sealed record FashionMnist(ImageDataset Train, ImageDataset Test, string Source, bool IsSample)
{
    /// <summary>The four files, each also accepted with a .gz suffix.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>The Debian package's folder (apt-get install dataset-fashion-mnist).</summary>
    public const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The folder of the sample shipped in the repository, copied next to the program.</summary>
    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "data", "fashion-mnist-sample");

    /// <summary>
    /// Finds and loads the data set: the folder given, else $WARMUP_DATA (the folder or its fashion-mnist
    /// subfolder), else the Debian package's folder, else the user cache ($XDG_CACHE_HOME or ~/.cache, then
    /// warmup/fashion-mnist), else the shipped sample.
    /// </summary>
    /// <param name="folder">An explicit folder (the command line's --data), or null.</param>
    /// <exception cref="DirectoryNotFoundException">An explicit folder lacks the files; the message says how to get them.</exception>
    public static FashionMnist Load(string? folder = null)
    {
        var (found, isSample) = Locate(folder);
        var paths = FileNames.Select(f => Find(found, f)!).ToArray();
        return new FashionMnist(ImageDataset.Load(paths[0], paths[1]), ImageDataset.Load(paths[2], paths[3]), found, isSample);
    }

    /// <summary>The folder <see cref="Load"/> would read (as a full path), without reading it.</summary>
    /// <param name="folder">An explicit folder, or null to search.</param>
    /// <exception cref="DirectoryNotFoundException">Nowhere has the four files; the message says how to get them.</exception>
    public static (string Folder, bool IsSample) Locate(string? folder = null)
    {
        if (folder is not null)
        {
            return HasFiles(folder) ? (Path.GetFullPath(folder), false) : throw Missing([folder]);
        }

        var candidates = Candidates().ToList();
        var found = candidates.FirstOrDefault(HasFiles);
        if (found is not null)
        {
            return (Path.GetFullPath(found), false);
        }

        return HasFiles(SampleFolder) ? (Path.GetFullPath(SampleFolder), true) : throw Missing([.. candidates, SampleFolder]);
    }

    /// <summary>The folders searched before the sample, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        var env = Environment.GetEnvironmentVariable("WARMUP_DATA");
        if (!string.IsNullOrWhiteSpace(env))
        {
            yield return env;
            yield return Path.Combine(env, "fashion-mnist");
        }

        yield return DebianFolder;
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        yield return Path.Combine(cache, "warmup", "fashion-mnist");
    }

    private static bool HasFiles(string folder) => FileNames.All(f => Find(folder, f) is not null);

    private static string? Find(string folder, string name) =>
        new[] { Path.Combine(folder, name + ".gz"), Path.Combine(folder, name) }.FirstOrDefault(File.Exists);

    private static DirectoryNotFoundException Missing(IEnumerable<string> looked) => new(
        $"Fashion-MNIST not found (looked in {string.Join(", ", looked)}). Install it with `sudo apt-get install dataset-fashion-mnist`, " +
        $"or put the four IDX files ({string.Join(", ", FileNames)}, .gz or not) from https://github.com/zalandoresearch/fashion-mnist " +
        "into ~/.cache/warmup/fashion-mnist, or pass --data FOLDER.");
}
