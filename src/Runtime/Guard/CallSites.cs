using System.Diagnostics;
using System.Reflection;

namespace PullAnalyzer.Runtime;

/// <summary>
/// Finds the user's call behind an engine request: the first stack frame outside Docker.DotNet (and its transports),
/// this runtime, the framework and generated proxies. Where Docker.DotNet awaits before it sends (4.x
/// <c>GetContainerLogsAsync</c> inspects the container first), the user's frame is no longer on the stack when the
/// request starts; the client that <see cref="EngineStreamGuard.Connect"/> makes therefore captures the site at the call
/// and carries it to the request in an <see cref="AsyncLocal{T}"/> (<see cref="Current"/>).
/// </summary>
internal static class CallSites
{
    private static readonly AsyncLocal<CallOrigin?> Scope = new();
    private static readonly Assembly Runtime = typeof(CallSites).Assembly;
    private static readonly Assembly DockerDotNet = typeof(Docker.DotNet.IDockerClient).Assembly;
    private static readonly string? FrameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);

    /// <summary>The origin set by the guarded client around the call that is running, if any.</summary>
    public static CallOrigin? Current => Scope.Value;

    /// <summary>Runs <paramref name="call"/> with <paramref name="origin"/> as the current origin. The async methods it
    /// starts capture the origin with their execution context; the caller's context is restored on return.</summary>
    public static T Within<T>(CallOrigin origin, Func<T> call)
    {
        var previous = Scope.Value;
        Scope.Value = origin;
        try
        {
            return call();
        }
        finally
        {
            Scope.Value = previous;
        }
    }

    /// <summary>The current origin, or one read off the stack now (the Docker.DotNet method from its frames).</summary>
    public static CallOrigin Capture() => Current ?? FromStack(dockerMethod: null);

    /// <summary>The origin of a call to <paramref name="dockerMethod"/> made by the code on the stack now.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static CallOrigin FromStack(string? dockerMethod)
    {
        // The frames without source information first (cheap), then file and line for the one frame that is the
        // caller's: reading symbols for every frame of a deep stack cost a millisecond or two per request.
        var frames = new StackTrace(1, fNeedFileInfo: false).GetFrames();
        var (index, method) = Caller(frames, dockerMethod);
        if (index < 0)
        {
            return new CallOrigin(null, method);
        }

        // Frame index + 1 counted from here is the same frame, unless the runtime hides frames from stack traces
        // (StackTraceHidden) between here and there; then the whole trace is read with its symbols.
        var located = new StackFrame(index + 1, needFileInfo: true);
        if (located.GetMethod() != frames[index].GetMethod())
        {
            frames = new StackTrace(1, fNeedFileInfo: true).GetFrames();
            (index, method) = Caller(frames, dockerMethod);
            if (index < 0)
            {
                return new CallOrigin(null, method);
            }

            located = frames[index];
        }

        var file = located.GetFileName();
        return new CallOrigin(new CallSite(file, file is null ? 0 : located.GetFileLineNumber(), MemberName(located.GetMethod()!)), method);
    }

    /// <summary>The index of the caller's frame in <paramref name="frames"/> (-1 when there is none), and the Docker.DotNet
    /// method it called (the outermost operations frame), or <paramref name="dockerMethod"/>.</summary>
    private static (int Index, string? Method) Caller(StackFrame[] frames, string? dockerMethod)
    {
        var method = dockerMethod;
        for (var index = 0; index < frames.Length; index++)
        {
            var member = frames[index].GetMethod();
            var assembly = member?.DeclaringType?.Assembly;
            if (member is null || assembly is null)
            {
                continue;
            }

            if (IsDockerDotNet(assembly))
            {
                method = OperationName(member) ?? method;
                continue;
            }

            if (assembly != Runtime && !assembly.IsDynamic && !IsFramework(assembly))
            {
                return (index, method);
            }
        }

        return (-1, method);
    }

    private static bool IsDockerDotNet(Assembly assembly) =>
        assembly == DockerDotNet || assembly.GetName().Name?.StartsWith("Docker.DotNet.", StringComparison.Ordinal) == true;

    private static bool IsFramework(Assembly assembly) =>
        !string.IsNullOrEmpty(assembly.Location) && string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkDirectory, StringComparison.Ordinal);

    /// <summary><c>IImageOperations.CreateImageAsync</c> for a frame of <c>ImageOperations</c> (or its async state machine).</summary>
    private static string? OperationName(MethodBase member)
    {
        var (type, name) = Unwrap(member);
        return type?.Name.EndsWith("Operations", StringComparison.Ordinal) == true && !type.IsInterface
            ? "I" + type.Name + "." + name
            : null;
    }

    /// <summary><c>Type.Method</c>, with compiler-generated state machines and closures shown as the method they come from.</summary>
    internal static string MemberName(MethodBase member)
    {
        var (type, name) = Unwrap(member);
        return type is null ? name : type.Name + "." + name;
    }

    /// <summary>The user-visible type and method of a frame: <c>&lt;Run&gt;d__4.MoveNext</c> is <c>Run</c> of the type
    /// that holds the state machine; <c>&lt;Run&gt;b__0</c> (a lambda) is <c>Run</c> too.</summary>
    private static (Type? Type, string Name) Unwrap(MethodBase member)
    {
        var type = member.DeclaringType;
        var name = member.Name;
        while (type is not null && type.Name.StartsWith('<') && type.DeclaringType is not null)
        {
            name = Generated(type.Name) ?? name;
            type = type.DeclaringType;
        }

        return (type, Generated(name) ?? name);
    }

    /// <summary>The source name inside a compiler-generated one: <c>&lt;Run&gt;d__4</c> is <c>Run</c>, a local function
    /// <c>&lt;Run&gt;g__Peek|0_0</c> is <c>Peek</c>, top-level statements' <c>&lt;Main&gt;$</c> is <c>Main</c>.</summary>
    private static string? Generated(string name)
    {
        var local = name.IndexOf(">g__", StringComparison.Ordinal);
        if (local > 0)
        {
            var bar = name.IndexOf('|', local);
            return bar > local + 4 ? name.Substring(local + 4, bar - local - 4) : null;
        }

        var close = name.IndexOf('>', StringComparison.Ordinal);
        return name.StartsWith('<') && close > 1 ? name.Substring(1, close - 1).TrimStart('<') : null;
    }
}

/// <summary>Who asked for a request: the user's site and the Docker.DotNet method they called, each when known.</summary>
internal sealed record CallOrigin(CallSite? Site, string? DockerMethod, bool? TakesProgress = null);
