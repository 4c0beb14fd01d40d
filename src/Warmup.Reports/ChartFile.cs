namespace Warmup.Reports;

/// <summary>
/// The image files a chart is written to, chosen by the file's extension: PNG for <c>.png</c>, JPEG for <c>.jpg</c>
/// and <c>.jpeg</c> (any case); any other name is refused, so that a file's bytes are always what its name says.
/// </summary>
public static class ChartFile
{
    /// <summary>The extensions a chart can be written to.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>Whether <paramref name="path"/> names a JPEG file (by its extension).</summary>
    /// <param name="path">The file.</param>
    public static bool IsJpeg(string path) =>
        Path.GetExtension(path ?? throw new ArgumentNullException(nameof(path))).ToUpperInvariant() is ".JPG" or ".JPEG";

    /// <summary>Throws unless <paramref name="path"/> has one of the <see cref="Extensions"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">How the message calls it (an option's name, for a command line).</param>
    /// <exception cref="ArgumentException">Another extension, or none; the message names the file and the formats.</exception>
    public static void Check(string path, string what = "a chart")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{what} {path}: charts are written as PNG (.png) or JPEG (.jpg, .jpeg), chosen by the file name's extension; give one of these.");
        }
    }
}
