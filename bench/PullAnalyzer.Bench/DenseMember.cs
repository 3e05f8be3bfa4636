using System.Text;

namespace PullAnalyzer.Bench;

/// <summary>A member dense with Docker calls: N build calls, each drained on one branch only, so every call is a PULL002.</summary>
internal static class DenseMember
{
    public static string Source(int calls)
    {
        var builder = new StringBuilder("""
            using System.IO;
            using System.Threading.Tasks;
            using Docker.DotNet;
            using Docker.DotNet.Models;

            public sealed class Dense
            {
                public async Task BuildAllAsync(IDockerClient client, Stream tar, ImageBuildParameters parameters, bool[] flags)
                {

            """);
        for (var i = 0; i < calls; i++)
        {
            builder.Append($$"""
                        var output{{i}} = await client.Images.BuildImageFromDockerfileAsync(tar, parameters);
                        if (flags[{{i}}])
                        {
                            await output{{i}}.CopyToAsync(Stream.Null);
                        }

                """);
        }

        builder.Append("    }\n}\n");
        return builder.ToString();
    }
}
