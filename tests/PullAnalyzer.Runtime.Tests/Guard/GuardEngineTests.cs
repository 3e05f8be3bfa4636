using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>
/// The runtime guard against the real engine of eng/engine.sh, on whichever client this build of the tests runs on:
/// each mistake of the Showcase executed for real yields its violation (or exception) naming this project's own file
/// and line; each correct form yields nothing.
/// </summary>
[Collection("engine")]
public sealed class GuardEngineTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);
    private readonly EngineStreamGuard _guard = new();
    private readonly IDockerClient _client;
    // Setup and inspection go through a client of their own, outside the guard.
    private readonly (IDockerClient Client, IDisposable? Owned) _plain = ClientDifferences.Open(new Uri(Engine.Address));
    private readonly List<string> _containers = new();

    public GuardEngineTests()
    {
        _client = _guard.Connect(new Uri(Engine.Address));
    }

    public async Task InitializeAsync()
    {
        // Builds start FROM the good image: the engine must have it.
        await _plain.Client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = Engine.Registry + "/busybox", Tag = "1" }, null,
            new FailOnErrorProgress("pull")).WaitAsync(HangGuard);
    }

    public async Task DisposeAsync()
    {
        foreach (var id in _containers)
        {
            await _plain.Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }

        // Every image these tests built, and what cancelled builds left untagged.
        var built = await _plain.Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [BuildContexts.Label] = true } },
        });
        foreach (var image in built)
        {
            try
            {
                await _plain.Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
            }
            catch (DockerApiException)
            {
                // Already gone with its parent.
            }
        }

        await _plain.Client.Images.PruneImagesAsync(new ImagesPruneParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["dangling"] = new Dictionary<string, bool> { ["true"] = true } },
        });

        _client.Dispose();
        _guard.Dispose();
        _plain.Client.Dispose();
        _plain.Owned?.Dispose();
    }

    [EngineFact]
    public async Task A_discarded_build_stream_is_reported_as_never_disposed_at_its_call()
    {
        var mistakes = new GuardedMistakes(_client);
        await mistakes.BuildAndForget(BuildContexts.Dockerfile($"FROM {Engine.Image}\nLABEL step=forgotten\n"), "pullanalyzer-guard/forgotten:1").WaitAsync(HangGuard);

        var violation = await Single(ViolationKind.NeverDisposed);
        Assert.Equal("build", violation.Job);
        Assert.Equal("POST /build", violation.Endpoint);
        Assert.Equal("IImageOperations.BuildImageFromDockerfileAsync", violation.DockerMethod);
        Assert.Equal("PULL001", violation.Rule);
        AssertSite(violation.Site, mistakes.Line, "GuardedMistakes.BuildAndForget");
        Assert.EndsWith("docs/rules/PULL001.md", violation.RuleLink, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task A_build_stream_disposed_unread_is_reported_as_disposed_before_its_end()
    {
        var mistakes = new GuardedMistakes(_client);
        await mistakes.BuildInEmptyUsing(BuildContexts.Dockerfile($"FROM {Engine.Image}\nLABEL step=unread\n")).WaitAsync(HangGuard);

        var violation = await Single(ViolationKind.DisposedBeforeEnd);
        Assert.Equal("build", violation.Job);
        Assert.Equal("PULL002", violation.Rule);
        AssertSite(violation.Site, mistakes.Line, "GuardedMistakes.BuildInEmptyUsing");
    }

    [EngineFact]
    public async Task An_exec_inspected_before_its_output_ended()
    {
        var container = await RunningContainer();
        var exec = await CreateExec(container, "sh", "-c", "sleep 2; echo done");
        var mistakes = new GuardedMistakes(_client);

        var inspectLine = await mistakes.ExecExitCodeTooEarly(exec).WaitAsync(HangGuard);

        var violations = await Checked();
#if DOCKER_DOTNET_ENHANCED
        var early = Assert.Single(violations, v => v.Kind == ViolationKind.DependsOnUnfinishedJob);
        Assert.Equal("exec", early.Job);
        Assert.Equal("IExecOperations.StartContainerExecAsync", early.DockerMethod);
        Assert.Equal("PULL002", early.Rule);
        Assert.Equal("GET /exec/{id}/json", early.DependentEndpoint);
        AssertSite(early.Site, mistakes.Line, "GuardedMistakes.ExecExitCodeTooEarly");
        AssertSite(early.DependentSite, inspectLine, "GuardedMistakes.ExecExitCodeTooEarly");
        // The using then disposed the output before its end, too.
        Assert.Contains(violations, v => v.Kind == ViolationKind.DisposedBeforeEnd && v.Job == "exec" && v.Site?.Line == mistakes.Line);
#else
        // Docker.DotNet 3.x keeps hijacked streams to its own internal content: the guard cannot follow them, and says
        // nothing rather than guess (README, "Runtime guard"). This pins that limitation.
        Assert.Empty(violations);
        Assert.False(ClientDifferences.GuardFollowsHijackedStreams);
#endif
    }

    [EngineFact]
    public async Task An_unawaited_pull_followed_by_a_create_from_its_image_is_reported_with_both_sites()
    {
        // The pull goes through a relay that holds the registry back until the create was made: on a loaded machine a
        // pull straight from the registry could fail (and so end) before the create, and there would be nothing to report.
        using var registry = new HeldRegistry(Engine.BrokenRegistry);
        var image = registry.Address + "/busybox";
        var mistakes = new GuardedMistakes(_client);

        mistakes.PullWithoutAwait(image, "broken", new SyncProgress(_ => { }));
        var createLine = Here(); var refused = await Assert.ThrowsAsync<DockerImageNotFoundException>(() => _client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = image + ":broken" }));
        registry.Release();

        var early = Assert.Single(await Eventually(ViolationKind.EngineError), v => v.Kind == ViolationKind.DependsOnUnfinishedJob);
        Assert.Equal("pull", early.Job);
        Assert.Equal("IImageOperations.CreateImageAsync", early.DockerMethod);
        Assert.Equal("PULL003", early.Rule);
        Assert.Equal("POST /containers/create", early.DependentEndpoint);
        AssertSite(early.Site, mistakes.Line, "GuardedMistakes.PullWithoutAwait");
        AssertSite(early.DependentSite, createLine, "GuardEngineTests." + nameof(An_unawaited_pull_followed_by_a_create_from_its_image_is_reported_with_both_sites));
        Assert.Contains("No such image", refused.Message, StringComparison.Ordinal);

        // The pull's own failure, which nobody awaited, surfaces at the check too.
        var failed = Assert.Single(_guard.Violations, v => v.Kind == ViolationKind.EngineError);
        Assert.StartsWith("filesystem layer verification failed for digest sha256:", failed.Detail, StringComparison.Ordinal);
        AssertSite(failed.Site, mistakes.Line, "GuardedMistakes.PullWithoutAwait");
    }

    [EngineFact]
    public async Task A_logs_stream_never_disposed_is_reported_at_its_call()
    {
        var container = await FinishedContainer("echo", "hello");
        var mistakes = new GuardedMistakes(_client);

        // Awaited as it is: a task kept reachable (WaitAsync's timer keeps it a while) would keep the leaked stream alive.
        Assert.True(await mistakes.PeekAtLogs(container) > 0);

        var violation = await Single(ViolationKind.NeverDisposed);
        Assert.Equal("logs", violation.Job);
        Assert.Equal("GET /containers/{id}/logs", violation.Endpoint);
        Assert.Equal("PULL004", violation.Rule);
        // 4.x inspects the container before it asks for the logs: the site reaches the request through the client's scope.
        AssertSite(violation.Site, mistakes.Line, "GuardedMistakes.PeekAtLogs");
    }

    [EngineFact]
    public async Task System_Progress_on_the_corrupted_pull_fails_the_awaited_call()
    {
        await RemoveImage(Engine.BrokenImage);
        var mistakes = new GuardedMistakes(_client);

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => mistakes.PullWithPostedProgress(Engine.BrokenRegistry + "/busybox", "broken").WaitAsync(HangGuard));

        Assert.StartsWith("filesystem layer verification failed for digest sha256:", error.EngineMessage, StringComparison.Ordinal);
        Assert.Equal("pull of 127.0.0.1:5001/busybox:broken", error.Operation);
        AssertSite(error.Site, mistakes.Line, "GuardedMistakes.PullWithPostedProgress");
        var violation = await Single(ViolationKind.EngineError);
        Assert.Equal("PULL005", violation.Rule);
        Assert.Equal(error.EngineMessage, violation.Detail);
    }

    [EngineFact]
    public async Task A_Report_that_ignores_Error_fails_the_awaited_call_with_the_engines_text()
    {
        await RemoveImage(Engine.BrokenImage);
        var mistakes = new GuardedMistakes(_client);
        var statuses = new List<string?>();

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => mistakes.PullWithProgressIgnoringErrors(Engine.BrokenRegistry + "/busybox", "broken", statuses).WaitAsync(HangGuard));

        Assert.StartsWith("filesystem layer verification failed for digest sha256:", error.EngineMessage, StringComparison.Ordinal);
        Assert.Contains("(called at GuardedMistakes.cs:" + mistakes.Line + " ", error.Message, StringComparison.Ordinal);
        // The user's progress saw every message the engine sent, the failing one included, before the call failed.
        Assert.Contains(statuses, s => s?.StartsWith("Pulling from", StringComparison.Ordinal) == true);
        Assert.Equal(ViolationKind.EngineError, Assert.Single(_guard.Violations).Kind);
    }

    [EngineFact]
    public async Task The_right_ways_leave_the_guard_silent()
    {
        var right = new GuardedRightWay(_client);
        using var cancel = new CancellationTokenSource(HangGuard);

        await right.Build(BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN echo right\n"), cancel.Token);
        var (exitCode, stdout) = await right.Exec(await CreateExec(await RunningContainer(), "sh", "-c", "sleep 1; echo done; exit 3"), cancel.Token);
        await right.Pull(Engine.Registry + "/busybox", "1", new SyncProgress(_ => { }), cancel.Token);
        Assert.True(await right.PeekAtLogs(await FinishedContainer("echo", "hello"), cancel.Token) > 0);
        await right.PullFailingOnEngineErrors(Engine.Registry + "/busybox", "1", cancel.Token);

        Assert.Equal(3, exitCode);
        Assert.Equal("done\n", stdout);
        _guard.ThrowIfViolations();
        Assert.Empty(_guard.Violations);
    }

    [EngineFact]
    public async Task The_bytes_read_through_the_guard_are_the_engines()
    {
        var container = await FinishedContainer("true");
        var dockerfile = $"FROM {Engine.Image}\nRUN echo same bytes\n";
        // The first build fills the cache, so that the builds compared print the same lines.
        await ReadAll(await _plain.Client.Images.BuildImageFromDockerfileAsync(BuildContexts.Dockerfile(dockerfile), new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none" }));

        var buildWithout = await ReadAll(await _plain.Client.Images.BuildImageFromDockerfileAsync(BuildContexts.Dockerfile(dockerfile), new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none" }));
        var buildThrough = await ReadAll(await _client.Images.BuildImageFromDockerfileAsync(BuildContexts.Dockerfile(dockerfile), new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none" }));
        var exportWithout = await ReadAll(await _plain.Client.Containers.ExportContainerAsync(container));
        var exportThrough = await ReadAll(await _client.Containers.ExportContainerAsync(container));

        Assert.Equal(buildWithout, buildThrough);
        Assert.True(exportThrough.Length > 100_000, $"the export is {exportThrough.Length} bytes");
        Assert.Equal(exportWithout, exportThrough);
        _guard.ThrowIfViolations();
    }

    [EngineFact]
    public async Task A_read_cancelled_mid_build_is_reported_as_abandoned_not_as_a_crash()
    {
        using var cancel = new CancellationTokenSource();
        var line = Here(); using (var output = await _client.Images.BuildImageFromDockerfileAsync(
            BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN echo started && sleep 5\n"), new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none", ForceRemove = true }))
        {
            using var reader = new StreamReader(output);
            cancel.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await reader.ReadLineAsync(cancel.Token) is not null)
                {
                }
            });
        }

        var violation = await Single(ViolationKind.AbandonedOnCancellation);
        Assert.Equal("build", violation.Job);
        AssertSite(violation.Site, line, "GuardEngineTests." + nameof(A_read_cancelled_mid_build_is_reported_as_abandoned_not_as_a_crash));
    }

    [EngineFact]
    public async Task A_build_still_running_at_the_check_is_reported_in_flight()
    {
        var line = Here(); using var output = await _client.Images.BuildImageFromDockerfileAsync(
            BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN sleep 2\n"), new ImageBuildParameters { Labels = BuildContexts.Labels, NetworkMode = "none", ForceRemove = true });

        var violation = Assert.Single(Assert.Throws<EngineGuardException>(_guard.ThrowIfViolations).Violations);
        Assert.Equal(ViolationKind.StillInFlight, violation.Kind);
        Assert.Equal("PULL002", violation.Rule);
        AssertSite(violation.Site, line, "GuardEngineTests." + nameof(A_build_still_running_at_the_check_is_reported_in_flight));
        await ReadAll(output);
        Assert.Single(_guard.Violations);
    }

    [EngineFact]
    public async Task Parallel_pulls_builds_and_execs_through_one_guard_are_followed_apart()
    {
        var container = await RunningContainer();
        var right = new GuardedRightWay(_client);
        using var cancel = new CancellationTokenSource(HangGuard);
        var execs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            execs.Add(await CreateExec(container, "sh", "-c", $"echo exec {i}"));
        }

        var work = new List<Task>();
        for (var i = 0; i < 6; i++)
        {
            var n = i;
            work.Add(Task.Run(() => right.Pull(Engine.Registry + "/busybox", "1", new SyncProgress(_ => { }), cancel.Token)));
            work.Add(Task.Run(async () => Assert.Equal($"exec {n}\n", (await right.Exec(execs[n], cancel.Token)).Stdout)));
            work.Add(Task.Run(() => right.Build(BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN echo parallel {n}\n"), cancel.Token)));
        }

        // One mistake among them: its violation, and only it, is reported.
        var mistakes = new GuardedMistakes(_client);
        work.Add(mistakes.BuildInEmptyUsing(BuildContexts.Dockerfile($"FROM {Engine.Image}\nLABEL step=mistake\n")));
        await Task.WhenAll(work).WaitAsync(HangGuard);

        var violation = await Single(ViolationKind.DisposedBeforeEnd);
        AssertSite(violation.Site, mistakes.Line, "GuardedMistakes.BuildInEmptyUsing");
    }

    [EngineFact]
    public async Task Each_guard_sees_only_its_own_clients_and_forgets_after_it_is_disposed()
    {
        var container = await FinishedContainer("echo", "hello");
        using var other = new EngineStreamGuard();
        using (var otherClient = other.Connect(new Uri(Engine.Address)))
        {
            await new GuardedMistakes(otherClient).PeekAtLogs(container);
        }

        await _guard.ThrowIfViolationsAsync();
        Assert.Equal(ViolationKind.NeverDisposed, Assert.Single((await Assert.ThrowsAsync<EngineGuardException>(other.ThrowIfViolationsAsync)).Violations).Kind);

        using var late = new EngineStreamGuard();
        using (var lateClient = late.Connect(new Uri(Engine.Address)))
        {
            await new GuardedMistakes(lateClient).PeekAtLogs(container);
        }

        // Disposed before its leak is collected: the leak is reported nowhere, neither to it nor to the guards still alive.
        late.Dispose();
        await _guard.ThrowIfViolationsAsync();
        Assert.Empty(late.Violations);
        Assert.Single(other.Violations);
    }

    [EngineFact]
    public async Task A_client_made_by_hand_with_the_guards_hook_is_watched_too()
    {
#if DOCKER_DOTNET_ENHANCED
        using var client = _guard.CreateBuilder().WithEndpoint(new Uri(Engine.Address)).Build();
#else
        using var configuration = new DockerClientConfiguration(new Uri(Engine.Address), _guard.Observe(new AnonymousCredentials()));
        using var client = configuration.CreateClient();
#endif
        var mistakes = new GuardedMistakes(client);
        await mistakes.BuildInEmptyUsing(BuildContexts.Dockerfile($"FROM {Engine.Image}\nLABEL step=by-hand\n")).WaitAsync(HangGuard);

        var violation = await Single(ViolationKind.DisposedBeforeEnd);
        // Without the scoped client the site and the method come from the stack at the request.
        Assert.Equal("IImageOperations.BuildImageFromDockerfileAsync", violation.DockerMethod);
        AssertSite(violation.Site, mistakes.Line, "GuardedMistakes.BuildInEmptyUsing");
    }

    [EngineFact]
    public async Task The_run_flow_through_a_guard_is_silent()
    {
        await RemoveImage(Engine.Image);
        using var runner = ContainerRunner.Connect(Engine.Address, _guard);

        var result = await runner.RunAsync(new ContainerRunRequest(Engine.Image, "echo", "guarded") { NetworkMode = "none" }).WaitAsync(HangGuard);

        Assert.Equal("guarded\n", result.Stdout);
        Assert.True(result.Pulled);
        _guard.ThrowIfViolations();
    }

    private async Task<GuardViolation> Single(ViolationKind kind)
    {
        var violations = await Checked();
        Assert.True(violations.Count == 1 && violations[0].Kind == kind, $"expected one {kind}, found: {string.Join(" | ", violations)}");
        return violations[0];
    }

    /// <summary>What <see cref="EngineStreamGuard.ThrowIfViolations"/> finds (empty when it does not throw).</summary>
    private async Task<IReadOnlyList<GuardViolation>> Checked()
    {
        try
        {
            await _guard.ThrowIfViolationsAsync();
            return Array.Empty<GuardViolation>();
        }
        catch (EngineGuardException exception)
        {
            Assert.Equal(exception.Violations.Count, exception.Message.Split('\n').Length - 1);
            return exception.Violations;
        }
    }

    /// <summary>The violations once one of <paramref name="kind"/> is among them (a job nobody awaited ends in its own time).</summary>
    private async Task<IReadOnlyList<GuardViolation>> Eventually(ViolationKind kind)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!_guard.Violations.Any(v => v.Kind == kind) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return _guard.Violations;
    }

    private static void AssertSite(CallSite? site, int line, string member)
    {
        Assert.NotNull(site);
        Assert.Equal(member, site.Member);
        Assert.Equal(line, site.Line);
        Assert.True(site.File?.Replace('\\', '/').Contains("PullAnalyzer.Runtime.Tests/Guard/", StringComparison.Ordinal), $"site file: {site.File}");
    }

    private async Task<string> RunningContainer()
    {
        var created = await _plain.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = Engine.Image, Cmd = new List<string> { "sleep", "60" }, HostConfig = new HostConfig { NetworkMode = "none" },
        });
        _containers.Add(created.ID);
        await _plain.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private async Task<string> FinishedContainer(params string[] command)
    {
        var created = await _plain.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = Engine.Image, Cmd = command.ToList(), HostConfig = new HostConfig { NetworkMode = "none" },
        });
        _containers.Add(created.ID);
        await _plain.Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        await _plain.Client.Containers.WaitContainerAsync(created.ID).WaitAsync(HangGuard);
        return created.ID;
    }

    private async Task<string> CreateExec(string container, params string[] command)
    {
        var parameters = new ContainerExecCreateParameters { Cmd = command.ToList(), AttachStdout = true, AttachStderr = true };
#if DOCKER_DOTNET_ENHANCED
        return (await _plain.Client.Exec.CreateContainerExecAsync(container, parameters)).ID;
#else
        return (await _plain.Client.Exec.ExecCreateContainerAsync(container, parameters)).ID;
#endif
    }

    private async Task RemoveImage(string image)
    {
        try
        {
            await _plain.Client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy).WaitAsync(HangGuard);
            return copy.ToArray();
        }
    }

    private static int Here([CallerLineNumber] int line = 0) => line;
}
