using Docker.DotNet;
using Docker.DotNet.Models;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>
/// Against the real engine and registries of eng/engine.sh: 127.0.0.1:5000 serves busybox:1, 127.0.0.1:5001 serves an
/// image whose layer blob is corrupted, so its pull fails inside the progress stream.
/// </summary>
[Collection("engine")]
public sealed class EngineTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);
    // The client of whichever Docker.DotNet this build of the tests runs on (3.x or Enhanced 4.x).
    private readonly (IDockerClient Client, IDisposable? Owned) _connection = ClientDifferences.Open(new Uri(Engine.Address));
    private readonly string _run = Guid.NewGuid().ToString("N");

    private IDockerClient _client => _connection.Client;

    public void Dispose()
    {
        _connection.Client.Dispose();
        _connection.Owned?.Dispose();
    }

    private ContainerRunRequest Request(string image, params string[] command) => new(image, command)
    {
        NetworkMode = "none",
        Labels = new Dictionary<string, string> { [ContainerRunner.RunLabel] = _run },
    };

    private async Task<IList<ContainerListResponse>> ContainersOfThisRun() =>
        await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerRunner.RunLabel + "=" + _run] = true } },
        });

    private async Task RemoveImage(string image)
    {
        try
        {
            await _client.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    [EngineFact]
    public async Task Hello_world_pulls_runs_and_removes_the_container()
    {
        await RemoveImage(Engine.Image);
        using var runner = ContainerRunner.Connect(Engine.Address);
        var messages = new List<JSONMessage>();
        var request = Request(Engine.Image, "echo", "hello", "world");
        request = new ContainerRunRequest(Engine.Image, "echo", "hello", "world")
        {
            NetworkMode = request.NetworkMode, Labels = request.Labels, PullProgress = new SyncProgress(messages.Add),
        };

        var result = await runner.RunAsync(request).WaitAsync(HangGuard);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("hello world\n", result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.True(result.Pulled);
        Assert.Contains(messages, m => m.Status?.Contains("Downloaded newer image", StringComparison.Ordinal) == true);
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task Stdout_stderr_and_the_exit_code_come_back_apart()
    {
        using var runner = ContainerRunner.Connect(Engine.Address);
        var result = await runner.RunAsync(Request(Engine.Image, "sh", "-c", "echo out; echo err >&2; exit 3")).WaitAsync(HangGuard);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task Docker_DotNet_alone_completes_a_pull_that_failed_inside_the_stream()
    {
        // The problem the product exists for (docs/design.md §1, fact 3): no exception, the image is simply not there.
        await RemoveImage(Engine.BrokenImage);
        var seen = new List<JSONMessage>();
        await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = Engine.BrokenRegistry + "/busybox", Tag = "broken" }, null, new SyncProgress(seen.Add))
            .WaitAsync(HangGuard);

        Assert.Contains(seen, m => m.Error?.Message?.Contains("verification failed", StringComparison.Ordinal) == true);
        await Assert.ThrowsAsync<DockerImageNotFoundException>(() => _client.Images.InspectImageAsync(Engine.BrokenImage));
    }

    [EngineFact]
    public async Task FailOnErrorProgress_fails_the_awaited_pull_with_the_engines_text()
    {
        await RemoveImage(Engine.BrokenImage);
        var progress = new FailOnErrorProgress("pull");

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => _client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = Engine.BrokenRegistry + "/busybox", Tag = "broken" }, null, progress).WaitAsync(HangGuard));

        Assert.StartsWith("filesystem layer verification failed for digest sha256:", error.EngineMessage, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task The_PULL005_fix_turns_a_silently_failing_pull_into_a_loud_one()
    {
        // What the PULL005 code fix writes where PullAnalyzer.Runtime is referenced: the user's System.Progress wrapped.
        await RemoveImage(Engine.BrokenImage);
        var shown = new List<string?>();
        var userProgress = new Progress<JSONMessage>(m => { lock (shown) shown.Add(m.Status); });

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => _client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromImage = Engine.BrokenRegistry + "/busybox", Tag = "broken" }, null,
            new FailOnErrorProgress("pull", userProgress)).WaitAsync(HangGuard));

        Assert.Equal("pull", error.Operation);
        Assert.Contains("verification failed", error.EngineMessage, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task The_flow_reports_a_corrupted_layer_instead_of_running()
    {
        await RemoveImage(Engine.BrokenImage);
        using var runner = ContainerRunner.Connect(Engine.Address);

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => runner.RunAsync(Request(Engine.BrokenImage, "true")).WaitAsync(HangGuard));

        Assert.Contains("verification failed", error.Message, StringComparison.Ordinal);
        Assert.Contains(Engine.BrokenImage, error.Message, StringComparison.Ordinal);
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task A_build_whose_RUN_fails_surfaces_the_engines_message()
    {
        var context = BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN false\n");
        var progress = new FailOnErrorProgress("build");

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => _client.Images.BuildImageFromDockerfileAsync(
            new ImageBuildParameters { Tags = new[] { "pullanalyzer-test/fails:1" }, NetworkMode = "none", ForceRemove = true }, context, null, null, progress).WaitAsync(HangGuard));

        Assert.Contains("returned a non-zero code: 1", error.EngineMessage, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task The_obsolete_build_stream_drained_surfaces_the_engines_message()
    {
        var context = BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN false\n");
        using var output = await _client.Images.BuildImageFromDockerfileAsync(context, new ImageBuildParameters { NetworkMode = "none", ForceRemove = true });

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => ProgressStreamDrain.DrainAsync(output, "build").WaitAsync(HangGuard));

        Assert.Contains("returned a non-zero code: 1", error.EngineMessage, StringComparison.Ordinal);
    }

    [EngineFact]
    public async Task The_obsolete_build_stream_drained_synchronously_surfaces_the_engines_message()
    {
        var context = BuildContexts.Dockerfile($"FROM {Engine.Image}\nRUN false\n");
        using var output = await _client.Images.BuildImageFromDockerfileAsync(context, new ImageBuildParameters { NetworkMode = "none", ForceRemove = true });

        var error = await Assert.ThrowsAsync<EngineErrorException>(() => Task.Run(() => ProgressStreamDrain.Drain(output, "build")).WaitAsync(HangGuard));

        Assert.Contains("returned a non-zero code: 1", error.EngineMessage, StringComparison.Ordinal);
    }

    /// <summary>
    /// The engine's own pull response, read raw from its socket (Docker.DotNet only hands pulls to a progress): the
    /// corrupted layer's failure arrives inside the stream after the 200, and both drains fail with the engine's text.
    /// </summary>
    [EngineFact]
    public async Task A_raw_pull_stream_with_a_corrupted_layer_fails_both_drains()
    {
        foreach (var synchronous in new[] { false, true })
        {
            await RemoveImage(Engine.BrokenImage);
            using var http = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(Engine.Socket), cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                },
            }) { Timeout = HangGuard };
            using var response = await http.PostAsync("http://engine/images/create?fromImage=127.0.0.1:5001/busybox&tag=broken", null);
            Assert.True(response.IsSuccessStatusCode, $"the engine answered {(int)response.StatusCode}");
            using var stream = await response.Content.ReadAsStreamAsync();

            var seen = new List<JSONMessage>();
            var error = await Assert.ThrowsAsync<EngineErrorException>(() => (synchronous
                ? Task.Run(() => ProgressStreamDrain.Drain(stream, "pull", new SyncProgress(seen.Add)))
                : ProgressStreamDrain.DrainAsync(stream, "pull", new SyncProgress(seen.Add))).WaitAsync(HangGuard));

            Assert.Contains("verification failed", error.EngineMessage, StringComparison.Ordinal);
            Assert.NotEmpty(seen);
        }
    }

    [EngineFact]
    public async Task An_unknown_image_is_not_found()
    {
        using var runner = ContainerRunner.Connect(Engine.Address);
        var error = await Assert.ThrowsAsync<ImageNotFoundException>(() => runner.RunAsync(Request(Engine.Registry + "/no-such-image:1", "true")).WaitAsync(HangGuard));
        Assert.Equal(Engine.Registry + "/no-such-image:1", error.Image);
        Assert.Contains("not found", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [EngineFact]
    public async Task Cancelling_mid_pull_ends_with_OperationCanceledException_and_leaves_nothing()
    {
        await RemoveImage(Engine.Image);
        using var runner = ContainerRunner.Connect(Engine.Address);
        using var cancel = new CancellationTokenSource();
        var request = new ContainerRunRequest(Engine.Image, "sleep", "30")
        {
            NetworkMode = "none",
            Pull = PullPolicy.Always,
            Labels = new Dictionary<string, string> { [ContainerRunner.RunLabel] = _run },
            // The first progress message proves the pull is under way; cancel right there.
            PullProgress = new SyncProgress(_ => cancel.Cancel()),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(request, cancel.Token).WaitAsync(HangGuard));
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task Cancelling_while_the_command_runs_removes_the_container()
    {
        using var runner = ContainerRunner.Connect(Engine.Address);
        using var cancel = new CancellationTokenSource();
        var request = new ContainerRunRequest(Engine.Image, "sleep", "60")
        {
            NetworkMode = "none",
            Labels = new Dictionary<string, string> { [ContainerRunner.RunLabel] = _run },
            Stages = new StageProgress(stage => { if (stage == RunStage.Wait) cancel.CancelAfter(TimeSpan.FromMilliseconds(500)); }),
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(request, cancel.Token).WaitAsync(HangGuard));
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task A_run_over_its_time_limit_times_out_and_removes_the_container()
    {
        using var runner = ContainerRunner.Connect(Engine.Address);
        var request = new ContainerRunRequest(Engine.Image, "sleep", "60")
        {
            NetworkMode = "none",
            Labels = new Dictionary<string, string> { [ContainerRunner.RunLabel] = _run },
            RunTimeout = TimeSpan.FromSeconds(1),
        };

        var error = await Assert.ThrowsAsync<StepTimeoutException>(() => runner.RunAsync(request).WaitAsync(HangGuard));
        Assert.Equal("run", error.Step);
        Assert.Empty(await ContainersOfThisRun());
    }

    [EngineFact]
    public async Task Secrets_in_AuthConfig_never_reach_an_exception_message()
    {
        var auth = new AuthConfig { Username = "ci", Password = "pa-secret-password-41", IdentityToken = "pa-identity-token-42", RegistryToken = "pa-registry-token-43" };
        using var runner = ContainerRunner.Connect(Engine.Address);
        var failures = new List<Exception>();
        foreach (var image in new[] { Engine.Registry + "/no-such-image:1", Engine.BrokenImage })
        {
            await RemoveImage(image);
            failures.Add(await Assert.ThrowsAnyAsync<Exception>(() =>
                runner.RunAsync(new ContainerRunRequest(image, "true") { Auth = auth, Pull = PullPolicy.Always, NetworkMode = "none" }).WaitAsync(HangGuard)));
        }

        foreach (var failure in failures)
        {
            for (Exception? current = failure; current is not null; current = current.InnerException)
            {
                var text = current.ToString();
                Assert.DoesNotContain("pa-secret-password-41", text, StringComparison.Ordinal);
                Assert.DoesNotContain("pa-identity-token-42", text, StringComparison.Ordinal);
                Assert.DoesNotContain("pa-registry-token-43", text, StringComparison.Ordinal);
            }
        }
    }

    private sealed class StageProgress(Action<RunStage> report) : IProgress<RunStage>
    {
        public void Report(RunStage value) => report(value);
    }
}
