using ScottPlot;

namespace Warmup.Reports;

/// <summary>Writes charts to PNG files, or JPEG ones where the name says so (<see cref="ChartFile"/>).</summary>
internal static class Png
{
    public const int Width = 900;
    public const int Height = 560;

    /// <summary>Quality of a JPEG chart (of 100): lines and text without visible artefacts.</summary>
    public const int JpegQuality = 92;

    public static void Save(Plot plot, string path)
    {
        ChartFile.Check(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        if (ChartFile.IsJpeg(path))
        {
            plot.SaveJpeg(path, Width, Height, JpegQuality);
        }
        else
        {
            plot.SavePng(path, Width, Height);
        }
    }
}
