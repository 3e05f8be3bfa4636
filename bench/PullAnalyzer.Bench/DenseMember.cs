using System.Text;

namespace PullAnalyzer.Bench;

/// <summary>How each build's output is drained on its one branch.</summary>
internal enum DrainShape
{
    /// <summary><c>await output.CopyToAsync(Stream.Null);</c></summary>
    CopyTo,
    /// <summary>A <c>StreamReader</c> read line by line until the end: the shape most real code has.</summary>
    ReadLoop,
}

/// <summary>A member dense with Docker calls: N build calls, each drained on one branch only, so every call is a PULL002.</summary>
internal static class DenseMember
{
    public static string Source(int calls, DrainShape shape = DrainShape.CopyTo)
    {
        var builder = new StringBuilder("""
            using System;
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
            builder.Append(shape == DrainShape.CopyTo
                ? $$"""
                        var output{{i}} = await client.Images.BuildImageFromDockerfileAsync(tar, parameters);
                        if (flags[{{i}}])
                        {
                            await output{{i}}.CopyToAsync(Stream.Null);
                        }

                """
                : $$"""
                        var output{{i}} = await client.Images.BuildImageFromDockerfileAsync(tar, parameters);
                        if (flags[{{i}}])
                        {
                            using var reader{{i}} = new StreamReader(output{{i}});
                            while (await reader{{i}}.ReadLineAsync() is { } line{{i}})
                            {
                                Console.WriteLine(line{{i}});
                            }
                        }

                """);
        }

        builder.Append("    }\n}\n");
        return builder.ToString();
    }
}
