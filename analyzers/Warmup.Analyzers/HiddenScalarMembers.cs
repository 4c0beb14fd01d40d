using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Warmup.Analyzers;

/// <summary>
/// The TorchSharp 0.107.0 members that create a Scalar internally which the caller can never hold (rule WU0002), read
/// from the embedded data file HiddenScalarMembers.tsv (which says how the list was derived).
/// </summary>
public static class HiddenScalarMembers
{
    private const string ResourceName = "Warmup.Analyzers.HiddenScalarMembers.tsv";

    private static readonly Lazy<(IReadOnlyList<HiddenScalarMember> List, Dictionary<string, string> ById)> Data =
        new(Load);

    /// <summary>Every entry, in file order.</summary>
    public static IReadOnlyList<HiddenScalarMember> All => Data.Value.List;

    /// <summary>What to write instead of the member with <paramref name="documentationId"/>, or null when it is not listed.</summary>
    public static string? FindAlternative(string documentationId) =>
        Data.Value.ById.TryGetValue(documentationId, out var alternative) ? alternative : null;

    private static (IReadOnlyList<HiddenScalarMember>, Dictionary<string, string>) Load()
    {
        var list = new List<HiddenScalarMember>();
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        using var stream = typeof(HiddenScalarMembers).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(ResourceName + " is not embedded in Warmup.Analyzers.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2 || fields[0].Length == 0 || fields[1].Length == 0)
            {
                throw new InvalidOperationException(ResourceName + ": expected <id> TAB <alternative>, got: " + line);
            }

            list.Add(new HiddenScalarMember(fields[0], fields[1]));
            byId.Add(fields[0], fields[1]);
        }

        return (list, byId);
    }
}
