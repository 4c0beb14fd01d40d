using ScottPlot;

namespace Warmup.Reports;

/// <summary>Writes charts to PNG files.</summary>
internal static class Png
{
    public const int Width = 900;
    public const int Height = 560;

    public static void Save(Plot plot, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        plot.SavePng(path, Width, Height);
    }
}
