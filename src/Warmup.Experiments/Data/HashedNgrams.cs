using System.Text;

namespace Warmup.Experiments.Data;

/// <summary>
/// A document as hashed word unigrams and bigrams, the input of a fastText-style classifier (Joulin et al., "Bag of
/// Tricks for Efficient Text Classification", 2017): words are the maximal runs of letters, digits and apostrophes,
/// lower-cased; each word, then each pair of neighbouring words joined by one space, is hashed with 32-bit FNV-1a over
/// its UTF-8 bytes into buckets 1 .. buckets - 1 (bucket 0 is the padding).
/// </summary>
public static class HashedNgrams
{
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>32-bit FNV-1a of the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    public static uint Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        uint hash = FnvOffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }

    /// <summary>The words of <paramref name="text"/>, lower-cased (invariant culture), in order.</summary>
    /// <param name="text">The text.</param>
    public static List<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>
    /// The first <paramref name="length"/> tokens of <paramref name="text"/> (its unigrams in order, then its bigrams
    /// in order), padded with 0.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="buckets">Hash buckets, at least 2 (the embedding table's rows).</param>
    /// <param name="length">Tokens kept, at least 1.</param>
    public static long[] Tokens(string text, int buckets, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        var words = Words(text);
        var tokens = new long[length];
        int n = 0;
        for (int i = 0; i < words.Count && n < length; i++)
        {
            tokens[n++] = Bucket(words[i], buckets);
        }

        for (int i = 0; i + 1 < words.Count && n < length; i++)
        {
            tokens[n++] = Bucket(words[i] + " " + words[i + 1], buckets);
        }

        return tokens;
    }

    private static long Bucket(string ngram, int buckets) => 1 + (Fnv1a(ngram) % (uint)(buckets - 1));
}
