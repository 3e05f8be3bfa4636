using System.Text.RegularExpressions;

namespace PullAnalyzer.Runtime;

/// <summary>How the guard treats the response of one engine endpoint.</summary>
internal enum StreamShape
{
    /// <summary>Not a stream the guard follows.</summary>
    None,

    /// <summary>A completion stream of newline-delimited JSON progress: the job ends with the stream, and a failure
    /// arrives inside it (build, pull, import, push, load, plugin install and upgrade).</summary>
    Progress,

    /// <summary>A completion stream the client hijacks from the connection: the exec's output (the exec's exit code is
    /// final only after it).</summary>
    HijackedCompletion,

    /// <summary>A data stream: the payload itself (logs, export, save, archive, stats, events).</summary>
    Data,

    /// <summary>A data stream the client hijacks from the connection (attach).</summary>
    HijackedData,
}

/// <summary>What the guard knows of one request from its method, path and query alone.</summary>
/// <param name="Shape">How its response is followed.</param>
/// <param name="Job">The Docker job's name, as the rules and <see cref="EngineErrorException.Operation"/> say it.</param>
/// <param name="Endpoint">Method and path without the version prefix and the query (the query may hold build arguments).</param>
/// <param name="Produces">Image references a completion job makes (pull, import, build tags), normalised.</param>
/// <param name="ExecId">The exec a request starts or inspects.</param>
/// <param name="NeedsImage">For a container create: the body's <c>Image</c> must be read (see <see cref="EngineEndpoints.ImageOfCreate"/>).</param>
/// <param name="Pushes">For a push: the image reference it pushes.</param>
/// <param name="InspectsExec">Whether the request inspects <paramref name="ExecId"/>.</param>
internal sealed record EngineRequest(
    StreamShape Shape,
    string Job,
    string Endpoint,
    IReadOnlyList<string> Produces,
    string? ExecId = null,
    bool NeedsImage = false,
    string? Pushes = null,
    bool InspectsExec = false)
{
    public bool IsCompletion => Shape is StreamShape.Progress or StreamShape.HijackedCompletion;

    public bool IsHijacked => Shape is StreamShape.HijackedCompletion or StreamShape.HijackedData;
}

/// <summary>The runtime's catalogue: which engine endpoints answer with a stream, of which kind, and which requests
/// depend on a job (docs/design.md §6). Matched on the request line, the same for both clients.</summary>
internal static partial class EngineEndpoints
{
    private static readonly IReadOnlyList<string> Nothing = Array.Empty<string>();

    [GeneratedRegex(@"^/(?:v[0-9.]+/)?(?<path>[^?]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionedPath();

    [GeneratedRegex(@"^(?<kind>containers|exec|images|plugins|services|tasks)/(?<id>.+)/(?<action>[a-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceAction();

    /// <summary>What <paramref name="method"/> <paramref name="uri"/> is to the guard.</summary>
    public static EngineRequest Classify(HttpMethod method, Uri uri)
    {
        var match = VersionedPath().Match(uri.AbsolutePath);
        var path = match.Success ? match.Groups["path"].Value.TrimEnd('/') : uri.AbsolutePath.Trim('/');
        var endpoint = method.Method + " /" + Generic(path);
        var query = Query.Parse(uri.Query);
        var post = method == HttpMethod.Post;
        var get = method == HttpMethod.Get;

        switch (path)
        {
            case "build" when post:
                return new EngineRequest(StreamShape.Progress, "build", endpoint, query.All("t").Select(ImageReferences.Normalize).ToList());
            case "images/create" when post && query.First("fromSrc") is not null:
                return new EngineRequest(StreamShape.Progress, "import", endpoint, Reference(query.First("repo"), query.First("tag")));
            case "images/create" when post:
                return new EngineRequest(StreamShape.Progress, "pull", endpoint, Reference(query.First("fromImage"), query.First("tag")));
            case "images/load" when post:
                return new EngineRequest(StreamShape.Progress, "load", endpoint, Nothing);
            case "plugins/pull" when post:
                return new EngineRequest(StreamShape.Progress, "plugin install", endpoint, Nothing);
            case "containers/create" when post:
                return new EngineRequest(StreamShape.None, "create", endpoint, Nothing, NeedsImage: true);
            case "images/get" when get:
                return new EngineRequest(StreamShape.Data, "save", endpoint, Nothing);
            case "events" when get:
                return new EngineRequest(StreamShape.Data, "events", endpoint, Nothing);
        }

        var action = ResourceAction().Match(path);
        if (!action.Success)
        {
            return new EngineRequest(StreamShape.None, "request", endpoint, Nothing);
        }

        var id = Uri.UnescapeDataString(action.Groups["id"].Value);
        return (action.Groups["kind"].Value, action.Groups["action"].Value) switch
        {
            ("images", "push") when post => new EngineRequest(StreamShape.Progress, "push", endpoint, Nothing,
                Pushes: ImageReferences.Normalize(query.First("tag") is { Length: > 0 } tag ? id + ":" + tag : id)),
            ("images", "get") when get => new EngineRequest(StreamShape.Data, "save", endpoint, Nothing),
            ("plugins", "upgrade") when post => new EngineRequest(StreamShape.Progress, "plugin upgrade", endpoint, Nothing),
            ("exec", "start") when post => new EngineRequest(StreamShape.HijackedCompletion, "exec", endpoint, Nothing, ExecId: id),
            ("exec", "json") when get => new EngineRequest(StreamShape.None, "exec inspect", endpoint, Nothing, ExecId: id, InspectsExec: true),
            ("containers", "attach") when post => new EngineRequest(StreamShape.HijackedData, "attach", endpoint, Nothing),
            ("containers", "logs") or ("services", "logs") or ("tasks", "logs") when get => new EngineRequest(StreamShape.Data, "logs", endpoint, Nothing),
            ("containers", "export") when get => new EngineRequest(StreamShape.Data, "export", endpoint, Nothing),
            ("containers", "archive") when get => new EngineRequest(StreamShape.Data, "archive", endpoint, Nothing),
            ("containers", "stats") when get => new EngineRequest(StreamShape.Data, "stats", endpoint, Nothing),
            _ => new EngineRequest(StreamShape.None, "request", endpoint, Nothing),
        };
    }

    /// <summary>The image a container create names, from its JSON body; null when there is none.</summary>
    public static string? ImageOfCreate(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                   && document.RootElement.TryGetProperty("Image", out var image)
                   && image.ValueKind == System.Text.Json.JsonValueKind.String
                ? ImageReferences.Normalize(image.GetString()!)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static IReadOnlyList<string> Reference(string? name, string? tag) =>
        string.IsNullOrEmpty(name) ? Nothing
        : new[] { ImageReferences.Normalize(string.IsNullOrEmpty(tag) || name.Contains('@') ? name : name + (tag.StartsWith("sha256:", StringComparison.Ordinal) ? "@" : ":") + tag) };

    /// <summary>The path with its identifiers replaced by placeholders, so that an endpoint names the API, not the object.</summary>
    private static string Generic(string path)
    {
        var action = ResourceAction().Match(path);
        return action.Success ? $"{action.Groups["kind"].Value}/{{id}}/{action.Groups["action"].Value}" : path;
    }

    /// <summary>The query string's parameters, each name with all its values.</summary>
    private sealed class Query
    {
        private readonly List<(string Name, string Value)> _pairs = new();

        public static Query Parse(string query)
        {
            var result = new Query();
            foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? part : part.Substring(0, equals);
                var value = equals < 0 ? string.Empty : part.Substring(equals + 1);
                result._pairs.Add((Unescape(name), Unescape(value)));
            }

            return result;
        }

        public string? First(string name) => _pairs.FirstOrDefault(p => p.Name == name).Value;

        public IEnumerable<string> All(string name) => _pairs.Where(p => p.Name == name && p.Value.Length > 0).Select(p => p.Value);

        private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
    }
}

/// <summary>One spelling per image reference, so that a pull of <c>busybox</c> and a create from
/// <c>docker.io/library/busybox:latest</c> are the same image.</summary>
internal static class ImageReferences
{
    public static string Normalize(string reference)
    {
        var name = reference.Trim();
        if (!name.Contains('@', StringComparison.Ordinal) && name.LastIndexOf(':') <= name.LastIndexOf('/'))
        {
            name += ":latest";
        }

        foreach (var prefix in new[] { "docker.io/library/", "index.docker.io/library/", "docker.io/", "index.docker.io/" })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                name = name.Substring(prefix.Length);
                break;
            }
        }

        return name.StartsWith("library/", StringComparison.Ordinal) ? name.Substring("library/".Length) : name;
    }
}
