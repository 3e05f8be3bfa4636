using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Docker.DotNet;

namespace PullAnalyzer.Runtime;

/// <summary>
/// The rules' twin at run time (docs/design.md §6): sits in the HTTP pipeline of the clients it makes or observes and
/// catches, in all their Docker traffic whoever wrote the call, what PullAnalyzer reports in source: an engine error
/// inside a progress stream becomes an <see cref="EngineErrorException"/> at the failing line; a completion stream
/// disposed before its end, a stream collected undisposed, a job still running at the check, and a request made while
/// the job it depends on is unfinished are recorded as <see cref="GuardViolation"/>s with the caller's file and line.
/// <code>
/// using var guard = new EngineStreamGuard();
/// IDockerClient client = guard.Connect(new Uri("unix:///var/run/docker.sock"));
/// // … the test …
/// guard.ThrowIfViolations();   // in the teardown
/// </code>
/// Violations belong to the guard whose client made the request. The guard holds no reference to a stream; its own
/// failures are recorded as <see cref="ViolationKind.GuardFault"/>, never thrown into the caller.
/// </summary>
public sealed partial class EngineStreamGuard : IDisposable
{
    private readonly object _gate = new();
    private readonly List<GuardViolation> _violations = new();
    private readonly ConcurrentDictionary<JobRecord, byte> _unfinished = new();
    private readonly ConditionalWeakTable<HttpContent, JobRecord> _hijacks = new();
    private volatile bool _disposed;

    /// <summary>Every violation found so far, in the order found.</summary>
    public IReadOnlyList<GuardViolation> Violations
    {
        get
        {
            lock (_gate)
            {
                return _violations.ToArray();
            }
        }
    }

    /// <summary>Raised for each violation as it is found, on the thread that found it (for a leak, the finalizer thread).
    /// An exception thrown by a handler is recorded as a <see cref="ViolationKind.GuardFault"/>.</summary>
    public event Action<GuardViolation>? ViolationFound;

    internal bool IsDisposed => _disposed;

    /// <summary>A client for <paramref name="endpoint"/> whose traffic this guard watches. The client carries the site of
    /// each call to its requests, even where Docker.DotNet awaits before it sends.</summary>
    public IDockerClient Connect(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ScopedClient.Wrap(ClientDifferences.OpenGuarded(endpoint, this));
    }

    /// <summary>
    /// For a test's teardown: collects garbage and runs finalizers (so that every dropped stream is found now), reports
    /// each completion stream still open as <see cref="ViolationKind.StillInFlight"/>, and throws
    /// <see cref="EngineGuardException"/> listing every violation with its call site and the rule that reports it in
    /// source. Returns normally when there is none.
    /// </summary>
    public void ThrowIfViolations()
    {
        CollectDropped();
        foreach (var record in _unfinished.Keys.ToArray())
        {
            if (record.InFlight() is { } violation)
            {
                Report(violation);
                Forget(record);
            }
        }

        var violations = Violations;
        if (violations.Count > 0)
        {
            throw new EngineGuardException(violations);
        }
    }

    /// <summary>
    /// <see cref="ThrowIfViolations"/> for an asynchronous teardown (xUnit's <c>IAsyncLifetime.DisposeAsync</c>, an async
    /// NUnit <c>[TearDown]</c>, or right after an <c>await</c> in a test). It first yields, so that the check runs on a
    /// fresh stack: the frame of the method that awaited the last Docker call can still hold that call's completed task,
    /// and through it a stream the code under test dropped, which would then not be collected yet. It collects over a
    /// few short rounds, since a continuation still finishing on another thread can hold such a task for a moment.
    /// </summary>
    public async Task ThrowIfViolationsAsync()
    {
        await Task.Yield();
        for (var round = 0; round < 3; round++)
        {
            CollectDropped();
            await Task.Delay(TimeSpan.FromMilliseconds(20)).ConfigureAwait(false);
        }

        ThrowIfViolations();
    }

    /// <summary>Runs the finalizers of every stream that is no longer reachable: each reports itself if it was dropped.</summary>
    private static void CollectDropped()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Stops watching: streams collected after this are not reported (to this guard or any other).</summary>
    public void Dispose()
    {
        _disposed = true;
        _unfinished.Clear();
    }

    internal JobRecord Open(EngineRequest request, CallOrigin origin, IReadOnlyList<string> secrets)
    {
        var record = new JobRecord(this, request, origin, secrets);
        _unfinished.TryAdd(record, 0);
        return record;
    }

    internal void Forget(JobRecord record) => _unfinished.TryRemove(record, out _);

    /// <summary>Reports a request (at <paramref name="site"/>) that depends on an unfinished job <paramref name="matches"/> finds.</summary>
    internal void ReportUnfinished(Func<JobRecord, bool> matches, string endpoint, CallSite? site, Func<JobRecord, string> what)
    {
        foreach (var record in _unfinished.Keys)
        {
            if (matches(record) && record.IsUnfinished)
            {
                Report(record.DependedOnBy(endpoint, site, what(record)));
            }
        }
    }

    /// <summary>Keeps <paramref name="record"/> for the hijacked stream the client will make from <paramref name="content"/>.</summary>
    internal void AwaitHijack(HttpContent content, JobRecord record) => _hijacks.AddOrUpdate(content, record);

    /// <summary>The record of a hijacked response, once; null for a response the guard does not follow.</summary>
    internal JobRecord? TakeHijack(HttpContent content) => _hijacks.TryGetValue(content, out var record) && _hijacks.Remove(content) ? record : null;

    internal void Report(GuardViolation violation)
    {
        if (_disposed)
        {
            return;
        }

        lock (_gate)
        {
            _violations.Add(violation);
        }

        try
        {
            ViolationFound?.Invoke(violation);
        }
        catch (Exception exception)
        {
            lock (_gate)
            {
                _violations.Add(Faulted(exception, "a ViolationFound handler"));
            }
        }
    }

    internal void Fault(Exception exception, string where) => Report(Faulted(exception, where));

    private static GuardViolation Faulted(Exception exception, string where) =>
        new(ViolationKind.GuardFault, "guard", where, null, null, exception.GetType().Name + ": " + exception.Message, null);
}

/// <summary>Thrown by <see cref="EngineStreamGuard.ThrowIfViolations"/>: every violation, each with its call site and what to do.</summary>
public sealed class EngineGuardException : Exception
{
    /// <summary>Creates the exception for <paramref name="violations"/>.</summary>
    public EngineGuardException(IReadOnlyList<GuardViolation> violations)
        : base(ViolationText.Summary(violations))
    {
        Violations = violations;
    }

    /// <summary>What the guard found.</summary>
    public IReadOnlyList<GuardViolation> Violations { get; }
}
