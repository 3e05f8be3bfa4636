using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using PullAnalyzer.Runtime;
using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using D = PullAnalyzer.Tests.Infrastructure.VerifyFix<PullAnalyzer.Rules.DataStreamAnalyzer, PullAnalyzer.CodeFixes.DisposeStreamCodeFixProvider>;
using P = PullAnalyzer.Tests.Infrastructure.VerifyFix<PullAnalyzer.Rules.ProgressErrorAnalyzer, PullAnalyzer.CodeFixes.EngineErrorProgressCodeFixProvider>;

namespace PullAnalyzer.Tests.Fixes;

/// <summary>PULL004's using and PULL005's failing progress, in their contexts.</summary>
public class DisposeAndProgressCodeFixTests
{
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Stream_local_gets_await_using_and_multiplexed_local_gets_using(DockerLibrary library) => D.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                // export it
                var export = await client.Containers.{|#0:ExportContainerAsync|}(id);
                var logs = await client.Containers.{|#1:GetContainerLogsAsync|}(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                Console.WriteLine(export.CanRead);
                Console.WriteLine(logs.ToString());
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                // export it
                await using var export = await client.Containers.ExportContainerAsync(id);
                using var logs = await client.Containers.GetContainerLogsAsync(id$Tty$, new ContainerLogsParameters { ShowStdout = true });
                Console.WriteLine(export.CanRead);
                Console.WriteLine(logs.ToString());
            }
        }
        """, library, new[] { D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1) });

    /// <summary>The archive response is not disposable: its Stream is disposed (`using var response` would not compile).</summary>
    [Fact]
    public Task The_archive_response_gets_its_stream_disposed() => D.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var response = await client.Containers.{|#0:GetArchiveFromContainerAsync|}(id, new GetArchiveFromContainerParameters { Path = "/etc" }, false);
                Console.WriteLine(response.Stat.Name);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var response = await client.Containers.GetArchiveFromContainerAsync(id, new GetArchiveFromContainerParameters { Path = "/etc" }, false);
                using var archive = response.Stream;
                Console.WriteLine(response.Stat.Name);
            }
        }
        """, DockerLibrary.V3, new[] { D.Diagnostic("PULL004").WithLocation(0) });

    [Fact]
    public Task The_archive_response_stream_gets_a_using_statement_before_CSharp_8() => D.Fix("""
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var response = await client.Containers.{|#0:GetArchiveFromContainerAsync|}(id, new ContainerPathStatParameters { Path = "/etc" }, false);
                Console.WriteLine(response.Stat.Name);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, string id)
            {
                var response = await client.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = "/etc" }, false);
                using (response.Stream)
                {
                    Console.WriteLine(response.Stat.Name);
                }
            }
        }
        """, DockerLibrary.Enhanced, new[] { D.Diagnostic("PULL004").WithLocation(0) }, LanguageVersion.CSharp7_3);

    [Fact]
    public Task CSharp_7_3_wraps_the_rest_of_the_block_in_a_using_statement() => D.Fix("""
        class C
        {
            async Task<int> M(IDockerClient client, string id)
            {
                var tar = await client.Images.{|#0:SaveImageAsync|}("busybox");
                var header = new byte[512];
                return await tar.ReadAsync(header, 0, header.Length);
            }
        }
        """, """
        class C
        {
            async Task<int> M(IDockerClient client, string id)
            {
                using (var tar = await client.Images.SaveImageAsync("busybox"))
                {
                    var header = new byte[512];
                    return await tar.ReadAsync(header, 0, header.Length);
                }
            }
        }
        """, DockerLibrary.V3, new[] { D.Diagnostic("PULL004").WithLocation(0) }, LanguageVersion.CSharp7_3);

    [Fact]
    public Task Sync_context_gets_plain_using_and_a_dropped_stream_is_disposed_at_once() => D.Fix("""
        class C
        {
            void M(IDockerClient client, string id)
            {
                var export = client.Containers.{|#0:ExportContainerAsync|}(id).Result;
                Console.WriteLine(export.CanRead);
            }

            async Task N(IDockerClient client, string id)
            {
                _ = await client.Containers.{|#1:ExportContainerAsync|}(id);
            }
        }
        """, """
        class C
        {
            void M(IDockerClient client, string id)
            {
                using var export = client.Containers.ExportContainerAsync(id).Result;
                Console.WriteLine(export.CanRead);
            }

            async Task N(IDockerClient client, string id)
            {
                (await client.Containers.ExportContainerAsync(id)).Dispose();
            }
        }
        """, DockerLibrary.V3, new[] { D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1) });

    /// <summary>Either runtime package (3.x's or the Enhanced fork's) is recognised and its FailOnErrorProgress used.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Runtime_helper_wraps_the_existing_progress(DockerLibrary library) => P.Fix("""
        using PullAnalyzer.Runtime;
        class C
        {
            async Task M(IDockerClient client)
            {
                await client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, new Progress<JSONMessage>(m => Console.WriteLine(m.Status)));
                await client.Images.{|#1:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, null);
            }
        }
        """, """
        using PullAnalyzer.Runtime;
        class C
        {
            async Task M(IDockerClient client)
            {
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new FailOnErrorProgress("pull", new Progress<JSONMessage>(m => Console.WriteLine(m.Status))));
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, new FailOnErrorProgress("pull"));
            }
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0), P.Diagnostic("PULL005").WithLocation(1) },
        extraReferences: new[] { DockerLibraries.Runtime(library) });

    [Theory]
    [InlineData(DockerLibrary.V3, NullableContextOptions.Enable, "?")]
    [InlineData(DockerLibrary.Enhanced, NullableContextOptions.Disable, "")]
    public Task Without_the_runtime_the_project_helper_collects_the_error_and_one_file_serves_fix_all(DockerLibrary library, NullableContextOptions nullable, string q) => P.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                await client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, new Progress<JSONMessage>());
                await client.Images.{|#1:LoadImageAsync|}(new ImageLoadParameters(), image, null);
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                var pullProgress = new EngineErrorProgress(new Progress<JSONMessage>());
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, pullProgress);
                pullProgress.ThrowIfFailed("pull");
                var loadProgress = new EngineErrorProgress(null);
                await client.Images.LoadImageAsync(new ImageLoadParameters(), image, loadProgress);
                loadProgress.ThrowIfFailed("load");
            }
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0), P.Diagnostic("PULL005").WithLocation(1) }, nullable: nullable, addedFiles: HelperFile(q));

    /// <summary>
    /// A load dropped as a statement gets PULL003 and PULL005: PULL005's fix awaits the call too, so that the progress's
    /// failure reaches the code, and the call no longer gets PULL003 either.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_dropped_call_is_awaited_by_the_progress_fix(DockerLibrary library) => P.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                // load it
                client.Images.{|#0:LoadImageAsync|}(new ImageLoadParameters(), image, new Progress<JSONMessage>());
            }
        }
        """, $$"""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                var loadProgress = new EngineErrorProgress(new Progress<JSONMessage>());
                // load it
                await client.Images.LoadImageAsync(new ImageLoadParameters(), image, loadProgress);
                loadProgress.ThrowIfFailed("load");
            }
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0) }, addedFiles: HelperFile("?"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_dropped_call_is_awaited_by_the_runtime_progress_fix(DockerLibrary library) => P.Fix("""
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                client.Images.{|#0:LoadImageAsync|}(new ImageLoadParameters(), image, null);
            }
        }
        """, """
        class C
        {
            async Task M(IDockerClient client, Stream image)
            {
                await client.Images.LoadImageAsync(new ImageLoadParameters(), image, new PullAnalyzer.Runtime.FailOnErrorProgress("load"));
            }
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0) }, extraReferences: new[] { DockerLibraries.Runtime(library) });

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task The_progress_fix_alone_leaves_no_PULL003_on_a_dropped_call(DockerLibrary library)
    {
        var source = DockerLibraries.Dialect(Verify<ProgressErrorAnalyzer>.Usings + """
            class C
            {
                async Task M(IDockerClient client, Stream image)
                {
                    client.Images.LoadImageAsync(new ImageLoadParameters(), image, new Progress<JSONMessage>());
                }
            }
            """, library);
        var document = await FixCheck.CreateDocument(source, library, LanguageVersion.Latest);
        Assert.Single(await FixCheck.Diagnostics(document, new UnawaitedTaskAnalyzer(), "PULL003"));

        var diagnostic = Assert.Single(await FixCheck.Diagnostics(document, new ProgressErrorAnalyzer(), "PULL005"));
        var action = Assert.Single(await FixCheck.Actions(document, FixCheck.ProviderFor("PULL005")!, diagnostic));
        var fixedDocument = await FixCheck.Apply(document, action);

        Assert.Empty(await FixCheck.Diagnostics(fixedDocument, new UnawaitedTaskAnalyzer(), "PULL003"));
        Assert.Empty(await FixCheck.Diagnostics(fixedDocument, new ProgressErrorAnalyzer(), "PULL005"));
    }

    /// <summary>
    /// A member that returns the call's task (not async) on `this`, a service that reports to itself: it becomes async and
    /// awaits the call, so that the helper's check runs after it.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_member_returning_the_task_becomes_async_with_the_helper(DockerLibrary library) => P.Fix("""
        sealed class ImageService : IProgress<JSONMessage>
        {
            private readonly IDockerClient _client;

            public ImageService(IDockerClient client) => _client = client;

            public Task PullAsync() => _client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, this);

            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        """, $$"""
        sealed class ImageService : IProgress<JSONMessage>
        {
            private readonly IDockerClient _client;

            public ImageService(IDockerClient client) => _client = client;

            public async Task PullAsync()
            {
                var pullProgress = new EngineErrorProgress(this);
                await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, pullProgress);
                pullProgress.ThrowIfFailed("pull");
            }

            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0) }, addedFiles: HelperFile("?"));

    /// <summary>
    /// The second action edits the progress type's own Report (in this file) so that it throws on the engine's error:
    /// Docker.DotNet calls Report inline, so the awaited pull fails. Both calls share the one Report, edited once.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task The_second_action_makes_Report_fail_on_the_engines_error(DockerLibrary library) => P.Fix("""
        sealed class ImageService : IProgress<JSONMessage>
        {
            private readonly IDockerClient _client;

            public ImageService(IDockerClient client) => _client = client;

            public async Task PullAsync()
            {
                await _client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, this);
                await _client.Images.{|#1:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "alpine" }, null, this);
            }

            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        """, """
        sealed class ImageService : IProgress<JSONMessage>
        {
            private readonly IDockerClient _client;

            public ImageService(IDockerClient client) => _client = client;

            public async Task PullAsync()
            {
                await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, this);
                await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "alpine" }, null, this);
            }

            public void Report(JSONMessage value)
            {
                if (value.Error != null)
                {
                    throw new InvalidOperationException("The engine reported an error: " + value.Error.Message);
                }

                Console.WriteLine(value.Status);
            }
        }
        """, library, new[] { P.Diagnostic("PULL005").WithLocation(0), P.Diagnostic("PULL005").WithLocation(1) }, actionIndex: 1);

    [Fact]
    public Task Expression_bodied_member_gets_a_block_body_with_the_helper() => P.Fix("""
        class C
        {
            async Task Pull(IDockerClient client) =>
                await client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, null);
        }
        """, $$"""
        class C
        {
            async Task Pull(IDockerClient client)
            {
                var pullProgress = new EngineErrorProgress(null);
                await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, pullProgress);
                pullProgress.ThrowIfFailed("pull");
            }
        }
        """, DockerLibrary.V3, new[] { P.Diagnostic("PULL005").WithLocation(0) }, addedFiles: HelperFile("?"));

    [Fact]
    public Task Lambdas_and_top_level_statements_get_using() => D.Fix("""
        IDockerClient client = null!;
        var export = await client.Containers.{|#0:ExportContainerAsync|}("id");
        Console.WriteLine(export.CanRead);
        Func<Task> later = async () =>
        {
            var logs = await client.Containers.{|#1:GetContainerLogsAsync|}("id"$Tty$, new ContainerLogsParameters());
            Console.WriteLine(logs.ToString());
        };
        """, """
        IDockerClient client = null!;
        await using var export = await client.Containers.ExportContainerAsync("id");
        Console.WriteLine(export.CanRead);
        Func<Task> later = async () =>
        {
            using var logs = await client.Containers.GetContainerLogsAsync("id"$Tty$, new ContainerLogsParameters());
            Console.WriteLine(logs.ToString());
        };
        """, DockerLibrary.Enhanced, new[] { D.Diagnostic("PULL004").WithLocation(0), D.Diagnostic("PULL004").WithLocation(1) },
        outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task Progress_in_a_lambda_block_gets_the_helper() => P.Fix("""
        class C
        {
            Func<Task> Pull(IDockerClient client) => async () =>
            {
                await client.Images.{|#0:PushImageAsync|}("app:1", new ImagePushParameters(), new AuthConfig(), null);
            };
        }
        """, $$"""
        class C
        {
            Func<Task> Pull(IDockerClient client) => async () =>
            {
                var pushProgress = new EngineErrorProgress(null);
                await client.Images.PushImageAsync("app:1", new ImagePushParameters(), new AuthConfig(), pushProgress);
                pushProgress.ThrowIfFailed("push");
            };
        }
        """, DockerLibrary.V3, new[] { P.Diagnostic("PULL005").WithLocation(0) }, addedFiles: HelperFile("?"));

    /// <summary>A top-level program uses the project's helper file too: nothing is declared after its statements.</summary>
    [Theory]
    [InlineData(LanguageVersion.Latest)]
    [InlineData(LanguageVersion.CSharp10)]
    public Task Top_level_program_uses_the_project_helper_file(LanguageVersion languageVersion) => P.Fix("""
        IDockerClient client = new DockerClientConfiguration().CreateClient();
        await client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, new Progress<JSONMessage>(m => Console.WriteLine(m.Status)));
        Console.WriteLine("pulled");
        """, $$"""
        IDockerClient client = new DockerClientConfiguration().CreateClient();
        var pullProgress = new EngineErrorProgress(new Progress<JSONMessage>(m => Console.WriteLine(m.Status)));
        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, pullProgress);
        pullProgress.ThrowIfFailed("pull");
        Console.WriteLine("pulled");
        """, DockerLibrary.V3, new[] { P.Diagnostic("PULL005").WithLocation(0) }, languageVersion, outputKind: OutputKind.ConsoleApplication, addedFiles: HelperFile("?"));

    /// <summary>The call ends the file with a comment and no line ending: the comment stays on its line, the check starts a new one (and ends it).</summary>
    [Fact]
    public Task Top_level_call_that_ends_the_file_keeps_its_comment() => P.Fix("""
        IDockerClient client = new DockerClientConfiguration().CreateClient();
        await client.Images.{|#0:CreateImageAsync|}(new ImagesCreateParameters { FromImage = "busybox" }, null, null); // pull
        """, $$"""
        IDockerClient client = new DockerClientConfiguration().CreateClient();
        var pullProgress = new EngineErrorProgress(null);
        await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox" }, null, pullProgress); // pull
        pullProgress.ThrowIfFailed("pull");

        """, DockerLibrary.V3, new[] { P.Diagnostic("PULL005").WithLocation(0) }, outputKind: OutputKind.ConsoleApplication, addedFiles: HelperFile("?"));

    /// <summary>
    /// The helper file the PULL005 fix adds once per project without PullAnalyzer.Runtime: in the project's root
    /// namespace (the test project names none: the global one), internal, nullable-annotated where the project is.
    /// </summary>
    private static (string Name, string Text)[] HelperFile(string q) => new[] { ("EngineErrorProgress.cs", $$"""
        using System;
        using Docker.DotNet.Models;

        /// <summary>
        /// Keeps the first error the engine reports inside a progress stream, which Docker.DotNet does not throw, and
        /// throws it from <see cref="ThrowIfFailed"/> once the call has returned. Added by PullAnalyzer's PULL005 fix.
        /// </summary>
        internal sealed class EngineErrorProgress : IProgress<JSONMessage>
        {
            private readonly IProgress<JSONMessage>{{q}} _inner;
            private string{{q}} _error;

            public EngineErrorProgress(IProgress<JSONMessage>{{q}} inner)
            {
                _inner = inner;
            }

            public void Report(JSONMessage value)
            {
                if (_inner != null)
                {
                    _inner.Report(value);
                }

                if (_error == null && value.Error != null && !string.IsNullOrEmpty(value.Error.Message))
                {
                    _error = value.Error.Message;
                }
            }

            public void ThrowIfFailed(string job)
            {
                if (_error != null)
                {
                    throw new InvalidOperationException("The " + job + " failed: " + _error);
                }
            }
        }

        """) };
}
