namespace Warmup.Reports;

/// <summary>
/// The files a report wrote into its folder, listed in a manifest beside it, so that the next report removes those of
/// its own it did not write again (say, the figures of a configuration no longer in the sweep) and never anything else.
/// </summary>
public static class ReportManifest
{
    /// <summary>The manifest's file name in the report's folder.</summary>
    public const string FileName = "report-files.txt";

    /// <summary>
    /// Records <paramref name="written"/> as the report's files and deletes the files the previous manifest listed that
    /// are not among them. Paths outside <paramref name="folder"/> are never deleted; the manifest is replaced
    /// atomically, after the files it lists were written.
    /// </summary>
    /// <param name="folder">The report's folder.</param>
    /// <param name="written">The files this report wrote (absolute, or relative to <paramref name="folder"/>).</param>
    /// <returns>The stale files deleted, relative to <paramref name="folder"/>.</returns>
    public static IReadOnlyList<string> Replace(string folder, IEnumerable<string> written)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(written);
        string root = Path.GetFullPath(folder);
        var now = written.Select(f => Relative(root, f)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        string manifest = Path.Combine(root, FileName);
        var before = File.Exists(manifest) ? File.ReadAllLines(manifest).Where(l => l.Length > 0 && !l.StartsWith('#')) : [];
        var keep = now.ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (string old in before)
        {
            if (keep.Contains(old) || Relative(root, old) is not { } inside)
            {
                continue;
            }

            string path = Path.Combine(root, inside);
            if (File.Exists(path))
            {
                File.Delete(path);
                deleted.Add(inside);
            }
        }

        string temporary = manifest + ".tmp";
        File.WriteAllLines(temporary, ["# Files the last `warmup report` wrote here; the next one deletes those it does not write again.", .. now]);
        File.Move(temporary, manifest, overwrite: true);
        return deleted;
    }

    // The path relative to root, or null when it is outside root (or is root).
    private static string? Relative(string root, string path)
    {
        string full = Path.GetFullPath(Path.Combine(root, path));
        string relative = Path.GetRelativePath(root, full);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative.Replace('\\', '/');
    }
}
