using PullAnalyzer.Runtime;
using PullAnalyzer.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.ProgressErrorAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>PULL005: the progress given to a progress-reporting call cannot surface an in-band engine error.</summary>
public class ProgressIgnoresEngineErrorsTests
{
    private const string PullParameters = "new ImagesCreateParameters { FromImage = \"busybox\", Tag = \"1\" }";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Null_progress_is_reported(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                await client.Images.{|#0:CreateImageAsync|}({{PullParameters}}, null, null);
            }
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync",
            "is null, so the call fails with NullReferenceException at the first message and the engine abandons the job", "pull"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task System_Progress_is_reported_inline_and_through_a_local(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                await client.Images.{|#0:PushImageAsync|}("registry/app:1", new ImagePushParameters(), new AuthConfig(), new Progress<JSONMessage>(m => Console.WriteLine(m.Status)));
                var progress = new Progress<JSONMessage>();
                await client.Images.{|#1:LoadImageAsync|}(new ImageLoadParameters(), image, progress);
            }
        }
        """, library,
        V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.PushImageAsync",
            "is a System.Progress<JSONMessage>, whose handler runs later on another thread", "push"),
        V.Diagnostic("PULL005").WithLocation(1).WithArguments("IImageOperations.LoadImageAsync",
            "is a System.Progress<JSONMessage>, whose handler runs later on another thread", "load"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Source_progress_whose_Report_ignores_errors_is_reported(DockerLibrary library) => V.Analyze("""
        class StatusPrinter : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        class C
        {
            async Task M(IDockerClient client, Stream context)
            {
                await client.Images.{|#0:BuildImageFromDockerfileAsync|}(new ImageBuildParameters(), context, null, null, new StatusPrinter());
                await client.Plugin.{|#1:InstallPluginAsync|}(new PluginInstallParameters(), new StatusPrinter());
            }
        }
        """, library,
        V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.BuildImageFromDockerfileAsync", "is a 'StatusPrinter', whose Report never reads Error or ErrorMessage", "build"),
        V.Diagnostic("PULL005").WithLocation(1).WithArguments("IPluginOperations.InstallPluginAsync", "is a 'StatusPrinter', whose Report never reads Error or ErrorMessage", "plugin install"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Progress_of_unknown_or_checking_implementation_is_not_reported(DockerLibrary library) => V.Analyze($$"""
        class Checking : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value)
            {
                if (value.Error != null) throw new InvalidOperationException(value.Error.Message);
            }
        }
        class C
        {
            readonly IProgress<JSONMessage> _field;
            C(IProgress<JSONMessage> field) { _field = field; }
            async Task M(IDockerClient client, IProgress<JSONMessage> parameter)
            {
                await client.Images.CreateImageAsync({{PullParameters}}, null, parameter);
                await client.Images.CreateImageAsync({{PullParameters}}, null, _field);
                await client.Images.CreateImageAsync({{PullParameters}}, null, new Checking());
                var reassigned = new Progress<JSONMessage>();
                IProgress<JSONMessage> chosen = reassigned;
                chosen = parameter;
                await client.Images.CreateImageAsync({{PullParameters}}, null, chosen);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task The_runtime_helpers_progress_is_not_reported(DockerLibrary library)
    {
        var test = V.Create(library);
        test.TestState.AdditionalReferences.Add(DockerLibraries.Runtime(library));
        test.TestCode = V.Usings + """
            using PullAnalyzer.Runtime;
            class C
            {
                async Task M(IDockerClient client)
                {
                    await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new FailOnErrorProgress("pull"));
                }
            }
            """;
        await test.RunAsync();
    }
}
