using System.Reflection;
using Docker.DotNet;
using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Tests.Infrastructure;

/// <summary>The two Docker clients every rule is tested against.</summary>
public enum DockerLibrary
{
    /// <summary>Docker.DotNet 3.125.15.</summary>
    V3,

    /// <summary>Docker.DotNet.Enhanced 4.3.3 (the fork: same assembly and namespace, re-shaped overloads).</summary>
    Enhanced,
}

public static class DockerLibraries
{
    public static IEnumerable<object[]> Both => new[] { new object[] { DockerLibrary.V3 }, new object[] { DockerLibrary.Enhanced } };

    public static MetadataReference[] References(DockerLibrary library) => library switch
    {
        DockerLibrary.V3 => new MetadataReference[] { MetadataReference.CreateFromFile(typeof(DockerClient).Assembly.Location) },
        _ => new MetadataReference[]
        {
            MetadataReference.CreateFromFile(Metadata("EnhancedDockerDotNet")),
            MetadataReference.CreateFromFile(Metadata("EnhancedDockerDotNetHandlerAbstractions")),
        },
    };

    /// <summary>The runtime helper package built for <paramref name="library"/>: PullAnalyzer.Runtime or PullAnalyzer.Runtime.Enhanced.</summary>
    public static MetadataReference Runtime(DockerLibrary library) => MetadataReference.CreateFromFile(library == DockerLibrary.V3
        ? typeof(PullAnalyzer.Runtime.FailOnErrorProgress).Assembly.Location
        : Metadata("EnhancedRuntime"));

    /// <summary>
    /// Rewrites the few places where the two clients differ, so one test source serves both:
    /// <c>$ExecStart$</c>/<c>$ExecArgs$</c> (exec start and its extra arguments) and <c>$Tty$</c> (the tty flag of logs and attach in 3.x).
    /// </summary>
    public static string Dialect(string source, DockerLibrary library) => library == DockerLibrary.V3
        ? source.Replace("$ExecStart$", "StartAndAttachContainerExecAsync").Replace("$ExecArgs$", ", false").Replace("$Tty$", ", false")
        : source.Replace("$ExecStart$", "StartContainerExecAsync").Replace("$ExecArgs$", ", new ContainerExecStartParameters()").Replace("$Tty$", "");

    /// <summary>The exec start method each client has.</summary>
    public static string ExecStart(DockerLibrary library) =>
        library == DockerLibrary.V3 ? "StartAndAttachContainerExecAsync" : "StartContainerExecAsync";

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    private static string Metadata(string key) =>
        typeof(DockerLibraries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
