using Docker.DotNet.Models;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

/// <summary>Parts of the flow that need no engine.</summary>
public class ContainerRunnerTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/busybox:1", "127.0.0.1:5000/busybox", "1")]
    [InlineData("127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox", "latest")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("library/busybox:1.36", "library/busybox", "1.36")]
    [InlineData("busybox@sha256:abc", "busybox@sha256:abc", null)]
    public void Splits_image_references(string image, string name, string? tag) =>
        Assert.Equal((name, tag), ContainerRunner.SplitReference(image));

    [Fact]
    public void A_malformed_engine_address_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ContainerRunner.Connect("not an address"));
        Assert.Contains("'not an address' is not an engine address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_without_an_image_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new ContainerRunRequest(" "));

    [Fact]
    public async Task An_unreachable_unix_socket_names_the_address_and_DOCKER_HOST()
    {
        using var runner = ContainerRunner.Connect("unix:///tmp/pullanalyzer-no-engine.sock");
        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() =>
            runner.RunAsync(new ContainerRunRequest("busybox", "true")).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("unix:///tmp/pullanalyzer-no-engine.sock", error.Address);
        Assert.StartsWith("Cannot reach the Docker engine at unix:///tmp/pullanalyzer-no-engine.sock: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("set DOCKER_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_tcp_address_is_unreachable()
    {
        using var runner = ContainerRunner.Connect("tcp://127.0.0.1:1");
        var error = await Assert.ThrowsAsync<EngineUnreachableException>(() =>
            runner.RunAsync(new ContainerRunRequest("busybox", "true")).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("tcp://127.0.0.1:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_masked()
    {
        var auth = new AuthConfig { Username = "me", Password = "hunter2-pw", IdentityToken = "id-token-xyz", RegistryToken = "reg-token-abc" };
        Assert.Equal("denied for me with *** / *** / ***", SecretRedactor.Redact("denied for me with hunter2-pw / id-token-xyz / reg-token-abc", auth));
    }
}
