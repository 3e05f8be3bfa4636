using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.ProgressErrorAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// A progress is judged by what it does with the message: a Report (or the handler it forwards to) that only gives the
/// message to sinks that cannot fail the call — JSON serialisation, logging, test output, console, string formatting —
/// ignores the engine's error (PULL005). Reading Error or ErrorMessage, keeping the message, or giving it to code of
/// one's own stays silent. The sinks' types are declared here with the shape of the real libraries.
/// </summary>
public class ProgressSinksTests
{
    private const string Pull = "new ImagesCreateParameters { FromImage = \"busybox\", Tag = \"1\" }";

    /// <summary>Microsoft.Extensions.Logging's, xunit's and Newtonsoft.Json's members, as the real assemblies declare them.</summary>
    private const string Libraries = """
        namespace Microsoft.Extensions.Logging
        {
            public interface ILogger { }

            public static class LoggerExtensions
            {
                public static void LogInformation(this ILogger logger, string message, params object[] args) { }
            }
        }

        namespace Xunit.Abstractions
        {
            public interface ITestOutputHelper
            {
                void WriteLine(string message);
                void WriteLine(string format, params object[] args);
            }
        }

        namespace Newtonsoft.Json
        {
            public static class JsonConvert
            {
                public static string SerializeObject(object value) => "";
            }
        }

        """;

    private static string Ignores(string type) => "is a '" + type + "', whose Report never reads Error or ErrorMessage";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_Report_that_only_serialises_logs_or_formats_the_message_is_reported(DockerLibrary library) => V.Analyze(Libraries + $$"""
        sealed class Serialising : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(value));
        }

        sealed class Logging : IProgress<JSONMessage>
        {
            private readonly Microsoft.Extensions.Logging.ILogger _logger;

            public Logging(Microsoft.Extensions.Logging.ILogger logger) => _logger = logger;

            public void Report(JSONMessage value) => Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(_logger, "progress {Message}", value);
        }

        sealed class TestOutput : IProgress<JSONMessage>
        {
            private readonly Xunit.Abstractions.ITestOutputHelper _output;

            public TestOutput(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

            public void Report(JSONMessage value) => _output.WriteLine("{0}", Newtonsoft.Json.JsonConvert.SerializeObject(value));
        }

        sealed class Concatenating : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value)
            {
                var line = "progress: " + value;
                Console.WriteLine(line);
            }
        }

        sealed class Stringifying : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => System.Diagnostics.Debug.WriteLine(value.ToString());
        }

        sealed class C
        {
            async Task M(IDockerClient client, Microsoft.Extensions.Logging.ILogger logger, Xunit.Abstractions.ITestOutputHelper output)
            {
                await client.Images.{|#4:CreateImageAsync|}({{Pull}}, null, new Stringifying());
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Serialising());
                await client.Images.{|#1:CreateImageAsync|}({{Pull}}, null, new Logging(logger));
                await client.Images.{|#2:CreateImageAsync|}({{Pull}}, null, new TestOutput(output));
                await client.Images.{|#3:CreateImageAsync|}({{Pull}}, null, new Concatenating());
            }
        }
        """, library,
        V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync", Ignores("Serialising"), "pull"),
        V.Diagnostic("PULL005").WithLocation(1).WithArguments("IImageOperations.CreateImageAsync", Ignores("Logging"), "pull"),
        V.Diagnostic("PULL005").WithLocation(2).WithArguments("IImageOperations.CreateImageAsync", Ignores("TestOutput"), "pull"),
        V.Diagnostic("PULL005").WithLocation(3).WithArguments("IImageOperations.CreateImageAsync", Ignores("Concatenating"), "pull"),
        V.Diagnostic("PULL005").WithLocation(4).WithArguments("IImageOperations.CreateImageAsync", Ignores("Stringifying"), "pull"));

    /// <summary>A handler given in the constructor that only logs the message: the forwarding progress ignores the error.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_forwarded_handler_that_only_logs_is_reported(DockerLibrary library) => V.Analyze(Libraries + $$"""
        sealed class Forward : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler;

            public Forward(Action<JSONMessage> handler) => _handler = handler;

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class C
        {
            async Task M(IDockerClient client, Microsoft.Extensions.Logging.ILogger logger)
            {
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Forward(m => Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "{Message}", m)));
            }
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync",
            "is a 'Forward' that forwards to a handler which never reads Error or ErrorMessage", "pull"));

    /// <summary>A handler in a read-only delegate field that only its initializer sets: judged like one given in the constructor.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_handler_in_an_initialized_field_is_judged(DockerLibrary library) => V.Analyze($$"""
        sealed class Printing : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler = m => Console.WriteLine(m.Status);

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class Checking : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler = m =>
            {
                if (m.Error != null)
                {
                    throw new InvalidOperationException(m.Error.Message);
                }
            };

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class Replaced : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler = m => Console.WriteLine(m.Status);

            public Replaced(Action<JSONMessage> handler) => _handler = handler;

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class C
        {
            async Task M(IDockerClient client, Action<JSONMessage> unknown)
            {
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Printing());
                await client.Images.CreateImageAsync({{Pull}}, null, new Checking());
                await client.Images.CreateImageAsync({{Pull}}, null, new Replaced(unknown));
            }
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync",
            "is a 'Printing' that forwards to a handler which never reads Error or ErrorMessage", "pull"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_Report_that_reads_the_error_keeps_the_message_or_hands_it_to_its_own_code_is_silent(DockerLibrary library) => V.Analyze("using System.Collections.Generic;\n" + Libraries + $$"""
        sealed class LogsTheError : IProgress<JSONMessage>
        {
            private readonly Microsoft.Extensions.Logging.ILogger _logger;

            public LogsTheError(Microsoft.Extensions.Logging.ILogger logger) => _logger = logger;

            public void Report(JSONMessage value) => Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(_logger, "{Error}", value.Error?.Message);
        }

        sealed class ThrowsAndLogs : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value)
            {
                if (value.Error != null)
                {
                    throw new InvalidOperationException(value.Error.Message);
                }

                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(value));
            }
        }

        sealed class Keeps : IProgress<JSONMessage>
        {
            private readonly List<object> _kept = new List<object>();

            public void Report(JSONMessage value)
            {
                object kept = value;
                _kept.Add(kept);
            }

            public bool Failed => _kept.Count > 0;
        }

        sealed class Checks : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine(Describe(value));

            private static string Describe(JSONMessage message) => message.Error?.Message ?? message.Status;
        }

        sealed class C
        {
            async Task M(IDockerClient client, Microsoft.Extensions.Logging.ILogger logger)
            {
                await client.Images.CreateImageAsync({{Pull}}, null, new LogsTheError(logger));
                await client.Images.CreateImageAsync({{Pull}}, null, new ThrowsAndLogs());
                await client.Images.CreateImageAsync({{Pull}}, null, new Keeps());
                await client.Images.CreateImageAsync({{Pull}}, null, new Checks());
            }
        }
        """, library);

    /// <summary>A sink call being typed (it does not bind yet) is of unknown effect: silent.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_half_typed_sink_call_is_silent(DockerLibrary library) => V.AnalyzeUnbound(Libraries + $$"""
        sealed class Typing : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine(notTypedYet, value, 1, 2, 3, 4, 5);
        }

        sealed class C
        {
            async Task M(IDockerClient client)
            {
                await client.Images.CreateImageAsync({{Pull}}, null, new Typing());
            }
        }
        """, library);
}
