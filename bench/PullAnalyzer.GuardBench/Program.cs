using System.Diagnostics;
using System.Formats.Tar;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using PullAnalyzer.GuardBench;
using PullAnalyzer.Runtime;

// Usage: PullAnalyzer.GuardBench [--lines N] [--runs N]
// The same pull and build, read by Docker.DotNet with and without the runtime guard, alternating run by run.
var lines = Option("--lines", 20_000);
var runs = Option("--runs", 15);

await using var engine = new FakeEngine();
using var guard = new EngineStreamGuard();
#if DOCKER_DOTNET_ENHANCED
using var plain = new DockerClientBuilder().WithEndpoint(engine.Address).Build();
#else
using var plain = new DockerClientConfiguration(engine.Address).CreateClient();
#endif
using var guarded = guard.Connect(engine.Address);

var jobs = new (string Name, byte[] Body, Func<IDockerClient, IProgress<JSONMessage>, Task> Run)[]
{
    ("pull", PullBody(lines), (client, progress) => client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, progress)),
    ("build", BuildBody(lines), (client, progress) => client.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters { Tags = new[] { "app:1" } }, Context(), null, null, progress)),
};

Console.WriteLine($"{typeof(DockerClient).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).OfType<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion.Split('+')[0]} ({typeof(DockerClient).Assembly.GetName().Name}) against a fake engine on loopback; {lines} progress lines a job, {runs} runs each, alternating:");
foreach (var (name, body, run) in jobs)
{
    engine.Serve(body);
    var counted = 0;
    var progress = new Counter(() => counted++);
    // Warm-up: JIT, connection set-up and the guard's first stack capture (symbols loaded once).
    for (var i = 0; i < 3; i++)
    {
        await run(plain, progress);
        await run(guarded, progress);
    }

    var without = new List<Sample>();
    var with = new List<Sample>();
    for (var i = 0; i < runs; i++)
    {
        without.Add(await Measure(() => run(plain, progress)));
        with.Add(await Measure(() => run(guarded, progress)));
    }

    counted = 0;
    await run(guarded, progress);
    if (counted != lines + 1)
    {
        throw new InvalidOperationException($"the {name} reported {counted} messages, not {lines + 1}");
    }

    var medianWithout = Median(without.Select(s => s.Milliseconds));
    var medianWith = Median(with.Select(s => s.Milliseconds));
    var extraBytes = Median(with.Select(s => (double)s.Bytes)) - Median(without.Select(s => (double)s.Bytes));
    Console.WriteLine($"{name,-6} {body.Length / 1024.0 / 1024.0,6:0.0} MB  without guard median {medianWithout,7:0.0} ms (min {without.Min(s => s.Milliseconds),6:0.0})" +
                      $"   with guard median {medianWith,7:0.0} ms (min {with.Min(s => s.Milliseconds),6:0.0})   {(medianWith / medianWithout - 1) * 100,5:+0.0;-0.0} %" +
                      $"   allocations {Median(without.Select(s => (double)s.Bytes)) / lines,6:0.0} → {Median(with.Select(s => (double)s.Bytes)) / lines,6:0.0} B/line ({extraBytes / lines:+0.00;-0.00} B/line)");
}

if (guard.Violations.Count > 0)
{
    throw new InvalidOperationException("the guard found violations in correct code: " + string.Join(" | ", guard.Violations));
}

static async Task<Sample> Measure(Func<Task> job)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var bytes = GC.GetTotalAllocatedBytes(precise: true);
    var clock = Stopwatch.StartNew();
    await job();
    clock.Stop();
    return new Sample(clock.Elapsed.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: true) - bytes);
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.OrderBy(v => v).ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

// A pull as the engine streams it: per layer, "Downloading" lines with a progress bar, then the final status.
static byte[] PullBody(int lines)
{
    var text = new StringBuilder();
    for (var i = 0; i < lines; i++)
    {
        var layer = (i % 8).ToString("x12");
        text.Append("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":").Append(i * 1024).Append(",\"total\":").Append(lines * 1024)
            .Append("},\"progress\":\"[==========\\u003e                                        ]  ").Append(i).Append(" kB/").Append(lines).Append(" kB\",\"id\":\"").Append(layer).Append("\"}\r\n");
    }

    text.Append("{\"status\":\"Status: Downloaded newer image for busybox:1\"}\r\n");
    return Encoding.UTF8.GetBytes(text.ToString());
}

// A build printing many lines: one "stream" message each, as the classic builder sends them.
static byte[] BuildBody(int lines)
{
    var text = new StringBuilder();
    for (var i = 0; i < lines; i++)
    {
        text.Append("{\"stream\":\"line ").Append(i).Append(" of the build's output, as a RUN step prints it\\n\"}\r\n");
    }

    text.Append("{\"stream\":\"Successfully tagged app:1\\n\"}\r\n");
    return Encoding.UTF8.GetBytes(text.ToString());
}

static MemoryStream Context()
{
    var tar = new MemoryStream();
    using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
    {
        writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "Dockerfile") { DataStream = new MemoryStream("FROM scratch\n"u8.ToArray()) });
    }

    tar.Position = 0;
    return tar;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
}

internal sealed record Sample(double Milliseconds, long Bytes);

internal sealed class Counter(Action count) : IProgress<JSONMessage>
{
    public void Report(JSONMessage value) => count();
}
