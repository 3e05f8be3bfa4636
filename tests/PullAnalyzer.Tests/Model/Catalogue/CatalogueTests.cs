using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;

namespace PullAnalyzer.Tests.Model.Catalogue;

/// <summary>The catalogue on its own: which Docker.DotNet methods matter, as what, and which runtime helpers the compilation has.</summary>
public class CatalogueTests
{
    [Theory]
    [InlineData("BuildImageFromDockerfileAsync", "build", true)]
    [InlineData("CreateImageAsync", "pull", true)]
    [InlineData("PushImageAsync", "push", true)]
    [InlineData("LoadImageAsync", "load", true)]
    [InlineData("StartAndAttachContainerExecAsync", "exec", true)]
    [InlineData("InstallPluginAsync", "plugin install", true)]
    [InlineData("ImportImageAsync", "import", true)]
    [InlineData("GetContainerLogsAsync", "logs", false)]
    [InlineData("ExportContainerAsync", "export", false)]
    [InlineData("MonitorEventsAsync", "events", false)]
    [InlineData("RunMyThingAsync", JobTable.Unnamed, false)]
    public void The_job_table_names_each_job_and_says_whether_it_completes(string method, string job, bool completes)
    {
        Assert.Equal(job, JobTable.Name(method));
        Assert.Equal(completes, JobTable.Completes(method));
    }

    [Theory]
    [InlineData(DockerLibrary.V3, "IImageOperations", "BuildImageFromDockerfileAsync", "Completion", "Stream", true)]
    [InlineData(DockerLibrary.V3, "IExecOperations", "StartAndAttachContainerExecAsync", "Completion", "Multiplexed", true)]
    [InlineData(DockerLibrary.Enhanced, "IExecOperations", "StartContainerExecAsync", "Completion", "Multiplexed", true)]
    [InlineData(DockerLibrary.V3, "IContainerOperations", "GetContainerLogsAsync", "Data", "Multiplexed", true)]
    [InlineData(DockerLibrary.V3, "IContainerOperations", "GetArchiveFromContainerAsync", "DataContainer", "Container", true)]
    [InlineData(DockerLibrary.V3, "IImageOperations", "TagImageAsync", "None", "Stream", true)]
    public async Task Each_method_is_classified_from_its_symbol(DockerLibrary library, string type, string method, string role, string shape, bool returnsTask)
    {
        var (catalogue, compilation) = await Catalogue(library);
        var operations = compilation.GetTypeByMetadataName("Docker.DotNet." + type)!;
        // One of the overloads of that name is that kind of call (older overloads of a name may return other types).
        var classified = operations.GetMembers(method).OfType<IMethodSymbol>()
            .Select(overload => catalogue.TryClassify(overload, compilation.SyntaxTrees.First(), out var call) ? call : (DockerCall?)null)
            .Where(call => call is not null).Select(call => call!.Value).ToList();
        Assert.Contains(classified, call => call.Role.ToString() == role && call.Shape.ToString() == shape && call.ReturnsTask == returnsTask);

        Assert.Contains(method, catalogue.MethodNames);
    }

    [Fact]
    public async Task Common_names_never_enter_the_syntax_filter()
    {
        var (catalogue, _) = await Catalogue(DockerLibrary.V3);
        Assert.DoesNotContain("Dispose", catalogue.MethodNames);
        Assert.DoesNotContain("ReadAsync", catalogue.MethodNames);
        Assert.DoesNotContain("ToString", catalogue.MethodNames);
    }

    [Fact]
    public async Task A_compilation_without_Docker_DotNet_has_no_catalogue()
    {
        var document = await FixCheck.CreateDocument("class C { }", library: null, LanguageVersion.Latest);
        Assert.Null(ApiCatalogue.TryCreate((await document.Project.GetCompilationAsync())!));
    }

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task The_runtime_helpers_are_found_only_where_the_runtime_is_referenced(DockerLibrary library)
    {
        var (without, _) = await Catalogue(library);
        Assert.False(without.Runtime.HasFailOnErrorProgress);
        Assert.False(without.Runtime.HasDrainAsync);

        var (with, _) = await Catalogue(library, DockerLibraries.Runtime(library));
        Assert.True(with.Runtime.HasFailOnErrorProgress);
        Assert.True(with.Runtime.HasDrainAsync);
        Assert.True(with.Runtime.HasBlockingDrain);
    }

    private static async Task<(ApiCatalogue, Compilation)> Catalogue(DockerLibrary library, MetadataReference? extra = null)
    {
        var document = await FixCheck.CreateDocument("class C { }", library, LanguageVersion.Latest, extra is null ? null : new[] { extra });
        var compilation = (await document.Project.GetCompilationAsync())!;
        return (ApiCatalogue.TryCreate(compilation) ?? throw new InvalidOperationException("no catalogue"), compilation);
    }
}
