namespace PullAnalyzer.Runtime;

/// <summary>What the guard saw go wrong with one engine stream.</summary>
public enum ViolationKind
{
    /// <summary>The engine reported a failure inside a progress stream (<c>{"error": …}</c> after the <c>200 OK</c>).</summary>
    EngineError,

    /// <summary>A completion stream (build, pull, push, load, import, plugin, exec) was disposed before its end: the job was
    /// abandoned on the engine, or its result is not final.</summary>
    DisposedBeforeEnd,

    /// <summary>A completion stream was disposed while a cancelled read was pending or after one: the job was abandoned.</summary>
    AbandonedOnCancellation,

    /// <summary>A stream was collected by the garbage collector without being disposed or read to its end: it held an
    /// engine connection open until then.</summary>
    NeverDisposed,

    /// <summary>A completion stream was still open when the guard was checked: a job nobody waited for.</summary>
    StillInFlight,

    /// <summary>A request was sent that depends on a job whose stream was still open: a container created from an image
    /// still being pulled or built, an exec inspected before its output ended, a push of a tag still being built.</summary>
    DependsOnUnfinishedJob,

    /// <summary>The guard's own bookkeeping failed; the request itself went on unchanged.</summary>
    GuardFault,
}

/// <summary>Where a request was made: the first stack frame outside Docker.DotNet, this runtime and the framework.</summary>
/// <param name="File">The source file, when the caller's symbols are available.</param>
/// <param name="Line">The line in <paramref name="File"/>, or 0.</param>
/// <param name="Member">The calling member, as <c>Type.Method</c>.</param>
public sealed record CallSite(string? File, int Line, string Member)
{
    /// <summary><c>File.cs:42 (Type.Method)</c>, or the member alone when there is no line information.</summary>
    public override string ToString() =>
        File is null ? Member + " (no line information)" : $"{System.IO.Path.GetFileName(File)}:{Line} ({Member})";
}

/// <summary>One mistake the guard saw at run time, with the call that made the stream.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Job">The Docker job: build, pull, push, load, import, plugin install, exec, logs, attach, export, …</param>
/// <param name="Endpoint">The engine endpoint, method and path without the query (<c>POST /images/create</c>).</param>
/// <param name="DockerMethod">The Docker.DotNet method that was called, when known (<c>IImageOperations.CreateImageAsync</c>).</param>
/// <param name="Site">Where the stream's request was made.</param>
/// <param name="Detail">The engine's text for <see cref="ViolationKind.EngineError"/>; otherwise what the guard saw.</param>
/// <param name="Rule">The PullAnalyzer rule that reports this mistake in source, when one does.</param>
/// <param name="DependentEndpoint">For <see cref="ViolationKind.DependsOnUnfinishedJob"/>: the request that depended on the job.</param>
/// <param name="DependentSite">For <see cref="ViolationKind.DependsOnUnfinishedJob"/>: where that request was made.</param>
public sealed record GuardViolation(
    ViolationKind Kind,
    string Job,
    string Endpoint,
    string? DockerMethod,
    CallSite? Site,
    string Detail,
    string? Rule,
    string? DependentEndpoint = null,
    CallSite? DependentSite = null)
{
    /// <summary>The page that explains <see cref="Rule"/>, or null.</summary>
    public string? RuleLink => Rule is null ? null : HelpLinks.Base + Rule + ".md";

    /// <summary>One paragraph: what happened, where, and what to do.</summary>
    public override string ToString() => ViolationText.Describe(this);
}
