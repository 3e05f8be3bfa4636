using Docker.DotNet.Models;
using Xunit;

namespace PullAnalyzer.Runtime.Tests;

public class FailOnErrorProgressTests
{
    [Fact]
    public void Forwards_every_message_then_throws_on_the_first_error()
    {
        var seen = new List<JSONMessage>();
        var progress = new FailOnErrorProgress("push", new SyncProgress(seen.Add));
        progress.Report(new JSONMessage { Status = "Preparing" });
        var failing = new JSONMessage { Error = new JSONError { Message = "connection refused" } };

        var error = Assert.Throws<EngineErrorException>(() => progress.Report(failing));

        Assert.Equal("connection refused", error.EngineMessage);
        Assert.Equal("push", error.Operation);
        Assert.Same(error, progress.Error);
        Assert.Equal(new[] { "Preparing", null }, seen.Select(m => m.Status));
        Assert.Equal(2, progress.MessageCount);
    }

#if !DOCKER_DOTNET_ENHANCED
    // Docker.DotNet 3.x only: the fork's JSONMessage has no ErrorMessage.
    [Fact]
    public void The_legacy_ErrorMessage_alone_is_an_error()
    {
        var progress = new FailOnErrorProgress("load");
        var error = Assert.Throws<EngineErrorException>(() => progress.Report(new JSONMessage { ErrorMessage = "unexpected EOF" }));
        Assert.Equal("unexpected EOF", error.EngineMessage);
    }
#endif

    [Fact]
    public void Record_mode_keeps_the_first_error_for_ThrowIfFailed()
    {
        var progress = new FailOnErrorProgress("pull", throwOnError: false);
        progress.Report(new JSONMessage { Status = "Downloading" });
        progress.ThrowIfFailed();
        progress.Report(new JSONMessage { Error = new JSONError { Message = "first" } });
        progress.Report(new JSONMessage { Error = new JSONError { Message = "second" } });

        var error = Assert.Throws<EngineErrorException>(progress.ThrowIfFailed);
        Assert.Equal("first", error.EngineMessage);
    }

    [Fact]
    public void Progress_messages_are_not_errors()
    {
        var progress = new FailOnErrorProgress("pull");
        progress.Report(new JSONMessage { Status = "Extracting", Progress = new JSONProgress { Current = 1, Total = 2 } });
        progress.Report(new JSONMessage { Error = new JSONError { Message = "" } });
        Assert.Null(progress.Error);
    }
}
