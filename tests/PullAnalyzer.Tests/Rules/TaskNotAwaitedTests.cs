using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.UnawaitedTaskAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>PULL003: a Docker.DotNet operation's Task is dropped.</summary>
public class TaskNotAwaitedTests
{
    private const string Pull = "client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = \"busybox\" }, null, new Progress<JSONMessage>())";
    private const string PullUnmarked = "client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = \"busybox\" }, null, new Progress<JSONMessage>())";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Statement_in_a_non_async_method_is_reported(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            void M(IDockerClient client)
            {
                {{Pull}};
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Statement_in_a_constructor_is_reported(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            C(IDockerClient client)
            {
                {{Pull}};
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Discarded_push_is_reported(DockerLibrary library) => V.Analyze("""
        class C
        {
            async Task M(IDockerClient client)
            {
                _ = client.Images.{|#0:PushImageAsync|}("registry/app:1", new ImagePushParameters(), new AuthConfig(), new Progress<JSONMessage>());
                await Task.Yield();
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0).WithArguments("IImageOperations.PushImageAsync"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task ConfigureAwait_as_a_statement_is_reported(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            void M(IDockerClient client)
            {
                {{Pull}}.ConfigureAwait(false);
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Task_in_a_local_never_awaited_is_reported(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var pull = {{Pull}};
                Console.WriteLine(pull.IsCompleted);
                await client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = "busybox" });
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Unawaited_build_is_an_unawaited_operation(DockerLibrary library) => V.Analyze("""
        class C
        {
            void M(IDockerClient client, Stream tar, ImageBuildParameters p)
            {
                client.Images.{|#0:BuildImageFromDockerfileAsync|}(tar, p);
            }
        }
        """, library, V.Diagnostic("PULL003").WithLocation(0));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Awaited_returned_passed_or_blocked_on_is_not_reported(DockerLibrary library) => V.Analyze($$"""
        using System.Collections.Generic;
        class C
        {
            static Task Retry(Func<Task> action) => action();

            async Task Awaited(IDockerClient client) => await {{PullUnmarked}};
            async Task AwaitedConfigured(IDockerClient client) => await {{PullUnmarked}}.ConfigureAwait(false);
            Task Returned(IDockerClient client) { return {{PullUnmarked}}; }
            Task ExpressionBodied(IDockerClient client) => {{PullUnmarked}};
            Task Passed(IDockerClient client) => Retry(() => {{PullUnmarked}});
            void Waited(IDockerClient client) { {{PullUnmarked}}.Wait(); }
            void Blocked(IDockerClient client) { {{PullUnmarked}}.GetAwaiter().GetResult(); }
            async Task AwaitedLater(IDockerClient client)
            {
                var pull = {{PullUnmarked}};
                Console.WriteLine("started");
                await pull;
            }
            async Task WhenAll(IDockerClient client)
            {
                var a = {{PullUnmarked}};
                var b = client.Images.TagImageAsync("busybox", new ImageTagParameters { RepositoryName = "x" });
                await Task.WhenAll(a, b);
            }
            readonly List<Task> _started = new List<Task>();
            void Stored(IDockerClient client) { _started.Add({{PullUnmarked}}); }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Expression_tree_of_a_mock_setup_is_not_reported(DockerLibrary library) => V.Analyze("""
        using System.Linq.Expressions;
        class Mock<T> { public void Setup(Expression<Func<T, Task>> call) { } }
        class C
        {
            void M(Mock<IImageOperations> images)
            {
                images.Setup(x => x.CreateImageAsync(It.IsAny<ImagesCreateParameters>(), null, null, default));
                Expression<Action<IImageOperations>> statementLike = x => x.TagImageAsync("a", null, default);
            }
        }
        static class It { public static T IsAny<T>() => default!; }
        """, library);
}
