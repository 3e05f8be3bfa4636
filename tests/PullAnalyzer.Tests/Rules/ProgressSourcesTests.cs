using PullAnalyzer.Tests.Infrastructure;
using Xunit;
using V = PullAnalyzer.Tests.Infrastructure.Verify<PullAnalyzer.Rules.ProgressErrorAnalyzer>;

namespace PullAnalyzer.Tests.Rules;

/// <summary>
/// PULL005 judges a progress object wherever the compilation shows it whole: <c>this</c>, a field or property whose
/// every assignment is in sight, and a class that only forwards Report to the delegate it was given.
/// </summary>
public class ProgressSourcesTests
{
    private const string Pull = "new ImagesCreateParameters { FromImage = \"busybox\", Tag = \"1\" }";

    private static string Ignores(string type) => "is a '" + type + "', whose Report never reads Error or ErrorMessage";

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_service_that_passes_itself_and_only_logs_Status_is_reported(DockerLibrary library) => V.Analyze($$"""
        sealed class ImageService : IProgress<JSONMessage>
        {
            private readonly IDockerClient _client;

            public ImageService(IDockerClient client) => _client = client;

            public async Task PullAsync() => await _client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, this);

            public void Report(JSONMessage value) => Console.WriteLine(value.Status);
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync", Ignores("ImageService"), "pull"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Fields_and_properties_assigned_only_where_we_see_them_are_judged(DockerLibrary library) => V.Analyze($$"""
        sealed class IgnoreProgress : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) { }
        }

        sealed class C
        {
            private static readonly IProgress<JSONMessage> Ignore = new IgnoreProgress();
            private readonly IProgress<JSONMessage> _posted;
            private IgnoreProgress Concrete { get; } = new IgnoreProgress();

            public C() => _posted = new Progress<JSONMessage>(m => Console.WriteLine(m.Status));

            async Task M(IDockerClient client)
            {
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, Ignore);
                await client.Images.{|#1:CreateImageAsync|}({{Pull}}, null, _posted);
                await client.Images.{|#2:CreateImageAsync|}({{Pull}}, null, Concrete);
            }
        }
        """, library,
        V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync", Ignores("IgnoreProgress"), "pull"),
        V.Diagnostic("PULL005").WithLocation(1).WithArguments("IImageOperations.CreateImageAsync",
            "is a System.Progress<JSONMessage>, whose handler runs later on another thread", "pull"),
        V.Diagnostic("PULL005").WithLocation(2).WithArguments("IImageOperations.CreateImageAsync", Ignores("IgnoreProgress"), "pull"));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Members_anyone_may_set_or_that_are_injected_are_unknown(DockerLibrary library) => V.Analyze($$"""
        sealed class IgnoreProgress : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) { }
        }

        sealed class C
        {
            private readonly IProgress<JSONMessage> _injected;
            private IProgress<JSONMessage> _changing = new IgnoreProgress();

            public C(IProgress<JSONMessage> injected) => _injected = injected;

            public IProgress<JSONMessage> Settable { get; set; } = new IgnoreProgress();

            public IProgress<JSONMessage> Field = new IgnoreProgress();

            public void Use(IProgress<JSONMessage> other) => _changing = other;

            async Task M(IDockerClient client)
            {
                await client.Images.CreateImageAsync({{Pull}}, null, _injected);
                await client.Images.CreateImageAsync({{Pull}}, null, _changing);
                await client.Images.CreateImageAsync({{Pull}}, null, Settable);
                await client.Images.CreateImageAsync({{Pull}}, null, Field);
            }
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task Itself_reading_Error_is_fine(DockerLibrary library) => V.Analyze($$"""
        sealed class ImageService : IProgress<JSONMessage>
        {
            private string? _error;

            public Task PullAsync(IDockerClient client) => client.Images.CreateImageAsync({{Pull}}, null, this);

            public void Report(JSONMessage value) => _error ??= value.Error?.Message;
        }
        """, library);

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_forwarding_progress_is_judged_by_the_handler_it_was_given(DockerLibrary library) => V.Analyze($$"""
        sealed class Forward : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler;

            public Forward(Action<JSONMessage> handler) => _handler = handler;

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class C
        {
            private static void Log(JSONMessage message) => Console.WriteLine(message.Status);

            private static void Fail(JSONMessage message)
            {
                if (message.Error != null)
                {
                    throw new InvalidOperationException(message.Error.Message);
                }
            }

            async Task M(IDockerClient client)
            {
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Forward(m => Console.WriteLine(m.Status)));
                await client.Images.{|#1:CreateImageAsync|}({{Pull}}, null, new Forward(Log));
                await client.Images.CreateImageAsync({{Pull}}, null, new Forward(m => { if (m.Error != null) throw new InvalidOperationException(m.Error.Message); }));
                await client.Images.CreateImageAsync({{Pull}}, null, new Forward(Fail));
            }
        }
        """, library,
        V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync",
            "is a 'Forward' that forwards to a handler which never reads Error or ErrorMessage", "pull"),
        V.Diagnostic("PULL005").WithLocation(1));

    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_new_System_Progress_stays_reported_whatever_its_handler_does(DockerLibrary library) => V.Analyze($$"""
        class C
        {
            async Task M(IDockerClient client)
            {
                string? error = null;
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Progress<JSONMessage>(m => error ??= m.Error?.Message));
                if (error != null) throw new InvalidOperationException(error);
            }
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0));

    /// <summary>
    /// A Report that hands the message to a method of its own, or keeps it for a check after the await, may well fail on
    /// the error elsewhere: its effect is unknown and nothing is reported. One that only reads members or logs it is judged.
    /// </summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public Task A_Report_that_hands_the_message_to_code_of_its_own_is_unknown(DockerLibrary library) => V.Analyze($$"""
        using System.Collections.Generic;

        sealed class Validating : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value)
            {
                Console.WriteLine(value.Status);
                Validate(value);
            }

            private static void Validate(JSONMessage message)
            {
                if (message.Error != null) throw new InvalidOperationException(message.Error.Message);
            }
        }

        sealed class Collecting : IProgress<JSONMessage>
        {
            public List<JSONMessage> Messages { get; } = new List<JSONMessage>();

            public void Report(JSONMessage value) => Messages.Add(value);
        }

        sealed class Logging : IProgress<JSONMessage>
        {
            public void Report(JSONMessage value) => Console.WriteLine($"{value.ID}: {value}");
        }

        sealed class Forward : IProgress<JSONMessage>
        {
            private readonly Action<JSONMessage> _handler;

            public Forward(Action<JSONMessage> handler) => _handler = handler;

            public void Report(JSONMessage value) => _handler(value);
        }

        sealed class C
        {
            private static void Check(JSONMessage message)
            {
                if (message.Error != null) throw new InvalidOperationException(message.Error.Message);
            }

            async Task M(IDockerClient client)
            {
                await client.Images.CreateImageAsync({{Pull}}, null, new Validating());
                var collecting = new Collecting();
                await client.Images.CreateImageAsync({{Pull}}, null, collecting);
                await client.Images.CreateImageAsync({{Pull}}, null, new Forward(m => Check(m)));
                await client.Images.{|#0:CreateImageAsync|}({{Pull}}, null, new Logging());
            }
        }
        """, library, V.Diagnostic("PULL005").WithLocation(0).WithArguments("IImageOperations.CreateImageAsync", Ignores("Logging"), "pull"));
}
