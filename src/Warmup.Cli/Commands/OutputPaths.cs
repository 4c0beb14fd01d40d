using Warmup.Reports;

namespace Warmup.Cli.Commands;

/// <summary>
/// Checks of output paths made before any work, and writes whose failures name the file: every file error of the
/// command line says which path it is about. One rule for every command: an output folder (<c>--out DIR</c>) is
/// created if missing, with its parents; an output file's folder (<c>--csv</c>, <c>--plot</c>, <c>--report</c>) must
/// exist, so that a mistyped path is refused instead of growing folders nobody asked for.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Throws unless <paramref name="path"/> can be a file: not a folder, in a folder that exists.</summary>
    /// <param name="path">The output file.</param>
    /// <param name="option">The option that gave it, for the message.</param>
    /// <exception cref="IOException">The path is a folder, or its folder is missing or a file; nothing is created.</exception>
    public static string File(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new IOException($"{option} {path} is a folder; give a file name.");
        }

        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            Above(folder, path, option);
            throw new DirectoryNotFoundException($"{option} {path}: the folder {folder} does not exist; create it first (only output folders, --out, are created).");
        }

        return path;
    }

    /// <summary><see cref="File"/> for a chart: also one of the image formats (<see cref="ChartFile.Extensions"/>).</summary>
    /// <param name="path">The output image.</param>
    /// <param name="option">The option that gave it, for the message.</param>
    public static string Chart(string path, string option)
    {
        ChartFile.Check(path, option);
        return File(path, option);
    }

    /// <summary>Throws unless <paramref name="path"/> can be a folder: not a file, and no file where a folder above it must be.</summary>
    /// <param name="path">The output folder.</param>
    /// <param name="option">The option that gave it, for the message.</param>
    public static string Folder(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
        {
            throw new IOException($"{option} {path} is a file, not a folder.");
        }

        Above(Path.GetDirectoryName(full), path, option);
        return path;
    }

    /// <summary>Runs <paramref name="write"/>; a file-system failure whose message does not name <paramref name="path"/> is given it.</summary>
    /// <param name="path">The file being written.</param>
    /// <param name="write">The write.</param>
    public static void Writing(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new IOException($"Cannot write {path}: {e.Message}", e);
        }
    }

    // Every existing ancestor must be a folder.
    private static void Above(string? folder, string path, string option)
    {
        for (string? f = folder; f is not null; f = Path.GetDirectoryName(f))
        {
            if (Directory.Exists(f))
            {
                return;
            }

            if (System.IO.File.Exists(f))
            {
                throw new IOException($"{option} {path} cannot be created: {f} is a file, not a folder.");
            }
        }
    }
}
