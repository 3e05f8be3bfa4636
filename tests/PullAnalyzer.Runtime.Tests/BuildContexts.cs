using System.Formats.Tar;
using System.Text;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>Build contexts for the engine tests: a tar holding one Dockerfile.</summary>
internal static class BuildContexts
{
    /// <summary>The label the guard tests put on every image they build, so that they remove them all afterwards (an
    /// image built FROM the test image keeps its layer, and a later pull would not download it).</summary>
    public const string Label = "pullanalyzer.guard-test";

    public static Dictionary<string, string> Labels => new() { [Label] = "1" };

    public static MemoryStream Dockerfile(string dockerfile)
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(dockerfile)) };
            writer.WriteEntry(entry);
        }

        tar.Position = 0;
        return tar;
    }
}
