using System.Text;

namespace PullAnalyzer.Bench;

/// <summary>
/// A deterministic code base (same seed, same text): services, controllers and tests with ordinary work — strings,
/// collections, IDisposable objects for CA2000 and IDisposableAnalyzers to look at — and Docker.DotNet calls, right and
/// wrong, in about 1% of the methods. Without Docker, those methods do other work and Docker.DotNet is not referenced.
/// </summary>
internal sealed class CorpusGenerator(int seed, bool withDocker)
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
    private readonly Random _random = new(seed);

    public int DockerMethods { get; private set; }

    public IEnumerable<(string Path, string Text)> Files(int minimumLines)
    {
        var lines = 0;
        for (var index = 0; lines < minimumLines; index++)
        {
            var text = File(index);
            lines += text.Count(c => c == '\n');
            yield return ($"Generated/File{index:D4}.cs", text);
        }
    }

    private string File(int index)
    {
        var kind = (index % 3) switch { 0 => "Service", 1 => "Controller", _ => "Tests" };
        var builder = new StringBuilder(Usings);
        if (withDocker)
        {
            builder.Append("using Docker.DotNet;\nusing Docker.DotNet.Models;\n");
        }

        builder.Append($"\nnamespace Corpus.Area{index % 17}\n{{\n    public sealed class {kind}{index}\n    {{\n");
        builder.Append(withDocker ? "        private readonly IDockerClient _client;\n" : "        private readonly object _client = new object();\n");
        builder.Append("        private readonly List<string> _log = new List<string>();\n\n");
        var methods = 12 + _random.Next(8);
        for (var m = 0; m < methods; m++)
        {
            builder.Append(Method(index, m));
        }

        builder.Append("    }\n}\n");
        return builder.ToString();
    }

    private string Method(int file, int method)
    {
        var name = $"Work{file}_{method}";
        if (_random.NextDouble() < 0.01)
        {
            if (withDocker)
            {
                DockerMethods++;
                return DockerMethod(name);
            }

            return $"        public async Task {name}Async(string id, CancellationToken cancellationToken)\n        {{\n            await Task.Delay(1, cancellationToken);\n            _log.Add(id);\n        }}\n\n";
        }

        return (_random.Next(5)) switch
        {
            0 => $$"""
                        public int {{name}}(IReadOnlyList<int> values)
                        {
                            var total = 0;
                            for (var i = 0; i < values.Count; i++)
                            {
                                if (values[i] % 3 == 0) { total += values[i]; } else { total -= 1; }
                            }
                            _log.Add("sum " + total);
                            return total;
                        }


                """,
            1 => $$"""
                        public string {{name}}(string input)
                        {
                            using (var writer = new StringWriter())
                            {
                                foreach (var part in input.Split(','))
                                {
                                    writer.Write(part.Trim().ToUpperInvariant());
                                }
                                return writer.ToString();
                            }
                        }


                """,
            2 => $$"""
                        public async Task<int> {{name}}Async(Stream source, CancellationToken cancellationToken)
                        {
                            var buffer = new byte[256];
                            var memory = new MemoryStream();
                            var read = await source.ReadAsync(buffer, 0, buffer.Length, cancellationToken);
                            memory.Write(buffer, 0, read);
                            _log.Add("read " + read);
                            return (int)memory.Length;
                        }


                """,
            3 => $$"""
                        public Dictionary<string, int> {{name}}(IEnumerable<string> words)
                        {
                            var counts = new Dictionary<string, int>();
                            foreach (var word in words.Where(w => w.Length > 2).Select(w => w.ToLowerInvariant()))
                            {
                                counts[word] = counts.TryGetValue(word, out var c) ? c + 1 : 1;
                            }
                            return counts;
                        }


                """,
            _ => $$"""
                        public void {{name}}(string path)
                        {
                            var reader = new StreamReader(path);
                            var first = reader.ReadLine();
                            if (first == null) { return; }
                            var builder = new StringBuilder(first);
                            builder.Append(';');
                            _log.Add(builder.ToString());
                            reader.Dispose();
                        }


                """,
        };
    }

    private string DockerMethod(string name) => (_random.Next(6)) switch
    {
        0 => $$"""
                    public async Task {{name}}Async(Stream tar, CancellationToken cancellationToken)
                    {
                        await _client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters(), cancellationToken);
                    }


            """,
        1 => $$"""
                    public async Task {{name}}Async(Stream tar, CancellationToken cancellationToken)
                    {
                        using var output = await _client.Images.BuildImageFromDockerfileAsync(tar, new ImageBuildParameters(), cancellationToken);
                        using var reader = new StreamReader(output);
                        string? line;
                        while ((line = await reader.ReadLineAsync(cancellationToken)) != null)
                        {
                            _log.Add(line);
                        }
                    }


            """,
        2 => $$"""
                    public void {{name}}(IProgress<JSONMessage> progress)
                    {
                        _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, progress);
                    }


            """,
        3 => $$"""
                    public async Task<long> {{name}}Async(string execId, CancellationToken cancellationToken)
                    {
                        using var stream = await _client.Exec.StartAndAttachContainerExecAsync(execId, false, cancellationToken);
                        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
                        _log.Add(stdout + stderr);
                        var inspect = await _client.Exec.InspectContainerExecAsync(execId, cancellationToken);
                        return inspect.ExitCode;
                    }


            """,
        4 => $$"""
                    public async Task<int> {{name}}Async(string id, CancellationToken cancellationToken)
                    {
                        var logs = await _client.Containers.GetContainerLogsAsync(id, false, new ContainerLogsParameters { ShowStdout = true }, cancellationToken);
                        var buffer = new byte[128];
                        var first = await logs.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                        return first.Count;
                    }


            """,
        _ => $$"""
                    public async Task {{name}}Async(CancellationToken cancellationToken)
                    {
                        await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = "busybox", Tag = "1" }, null, new Progress<JSONMessage>(), cancellationToken);
                    }


            """,
    };
}
