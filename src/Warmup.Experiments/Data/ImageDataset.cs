namespace Warmup.Experiments.Data;

/// <summary>Labelled grayscale images, pixels as bytes.</summary>
/// <param name="Images">Count x Height x Width bytes.</param>
/// <param name="Labels">Count labels.</param>
/// <param name="Count">Number of images.</param>
/// <param name="Height">Rows.</param>
/// <param name="Width">Columns.</param>
public sealed record ImageDataset(byte[] Images, byte[] Labels, int Count, int Height, int Width)
{
    /// <summary>Pairs an image file with its label file, checking that they agree.</summary>
    /// <param name="imagesPath">IDX images (3 dimensions).</param>
    /// <param name="labelsPath">IDX labels (1 dimension).</param>
    public static ImageDataset Load(string imagesPath, string labelsPath)
    {
        var images = IdxReader.Read(imagesPath, 3);
        var labels = IdxReader.Read(labelsPath, 1);
        if (images.Dimensions[0] != labels.Dimensions[0])
        {
            throw new InvalidDataException($"{imagesPath} has {images.Dimensions[0]:N0} images but {labelsPath} has {labels.Dimensions[0]:N0} labels.");
        }

        int bad = Array.FindIndex(labels.Data, l => l > 9);
        if (bad >= 0)
        {
            throw new InvalidDataException($"{labelsPath}: label {labels.Data[bad]} at position {bad} is not a class 0-9.");
        }

        return new ImageDataset(images.Data, labels.Data, images.Dimensions[0], images.Dimensions[1], images.Dimensions[2]);
    }
}
