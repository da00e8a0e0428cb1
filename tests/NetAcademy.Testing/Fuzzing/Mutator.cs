using System.Text;

namespace NetAcademy.Testing.Fuzzing;

/// <summary>
/// Makes damaged variants of real inputs, the way AFL's havoc stage does: bit flips, random bytes,
/// truncation, splicing two inputs, duplicating, dropping and swapping lines (which also duplicates
/// YAML keys), inserting tokens that parsers treat specially, and random bytes from scratch. Each call
/// stacks one to four mutations. Deterministic for a given <see cref="Random"/>.
/// </summary>
public sealed class Mutator(IReadOnlyList<byte[]> corpus, IReadOnlyList<string>? tokens = null)
{
    private static readonly string[] DefaultTokens =
        ["\0", "\n", "\r\n", "\t", "\uFEFF", "\u00e9", "\ud83d\ude00", "\xff", "%", "\\", "'", "\""];

    private readonly IReadOnlyList<string> _tokens = [.. DefaultTokens, .. tokens ?? []];

    /// <summary>A new mutated input.</summary>
    public byte[] Next(Random random)
    {
        if (random.Next(32) == 0)
        {
            var noise = new byte[random.Next(0, 512)];
            random.NextBytes(noise);
            return noise;
        }
        var data = new List<byte>(corpus[random.Next(corpus.Count)]);
        for (var count = random.Next(1, 5); count > 0; count--)
        {
            Mutate(data, random);
        }
        return [.. data];
    }

    private void Mutate(List<byte> data, Random random)
    {
        switch (random.Next(10))
        {
            case 0 when data.Count > 0:
                for (var flips = random.Next(1, 9); flips > 0; flips--)
                {
                    data[random.Next(data.Count)] ^= (byte)(1 << random.Next(8));
                }
                break;
            case 1 when data.Count > 0:
                data[random.Next(data.Count)] = Interesting(random);
                break;
            case 2:
                var cut = random.Next(data.Count + 1);
                data.RemoveRange(cut, data.Count - cut);
                break;
            case 3:
                Splice(data, corpus[random.Next(corpus.Count)], random);
                break;
            case 4:
                EditLines(data, random, (lines, i) => lines.Insert(i, lines[i]));
                break;
            case 5:
                EditLines(data, random, (lines, i) => lines.RemoveAt(i));
                break;
            case 6:
                EditLines(data, random, (lines, i) =>
                {
                    var j = random.Next(lines.Count);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                });
                break;
            case 7:
                data.InsertRange(random.Next(data.Count + 1), Encoding.UTF8.GetBytes(_tokens[random.Next(_tokens.Count)]));
                break;
            case 8 when data.Count > 0:
                // Repeat a chunk many times: long runs, deep nesting when the chunk is a bracket.
                var start = random.Next(data.Count);
                var chunk = data.GetRange(start, Math.Min(data.Count - start, random.Next(1, 16)));
                var times = random.Next(2, 200);
                for (var t = 0; t < times; t++)
                {
                    data.InsertRange(start, chunk);
                }
                break;
            default:
                var noise = new byte[random.Next(1, 32)];
                random.NextBytes(noise);
                data.InsertRange(random.Next(data.Count + 1), noise);
                break;
        }
    }

    private static byte Interesting(Random random) =>
        random.Next(3) == 0 ? (byte)random.Next(256) : (byte)new[] { 0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x20 }[random.Next(8)];

    private static void Splice(List<byte> data, byte[] other, Random random)
    {
        var keep = random.Next(data.Count + 1);
        var from = random.Next(other.Length + 1);
        data.RemoveRange(keep, data.Count - keep);
        data.AddRange(other.AsSpan(from).ToArray());
    }

    private static void EditLines(List<byte> data, Random random, Action<List<string>, int> edit)
    {
        var lines = Encoding.UTF8.GetString([.. data]).Split('\n').ToList();
        if (lines.Count == 0)
        {
            return;
        }
        edit(lines, random.Next(lines.Count));
        data.Clear();
        data.AddRange(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
    }
}
