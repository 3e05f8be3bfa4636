namespace PullAnalyzer.Runtime;

/// <summary>
/// The guard's ledger line for one streamed request: who made it, whether its stream is still open, and what became of
/// it. It holds no reference to the stream (the stream's wrapper holds the record), so a stream the caller drops can be
/// collected and reported. Every transition is thread-safe; none throws into the caller (a failure is a
/// <see cref="ViolationKind.GuardFault"/>).
/// </summary>
internal sealed class JobRecord
{
    private readonly EngineStreamGuard _guard;
    private readonly object _gate = new();
    private State _state = State.Requested;
    private int _readsInFlight;
    private bool _readCanceled;
    private bool _failed;

    private enum State
    {
        /// <summary>Sent; no answer yet.</summary>
        Requested,
        /// <summary>Answered; the stream is with the caller.</summary>
        Open,
        /// <summary>Read to its end, disposed, collected, refused by the engine, or failed inside: nothing more to see.</summary>
        Finished,
    }

    public JobRecord(EngineStreamGuard guard, EngineRequest request, CallOrigin origin, IReadOnlyList<string> secrets)
    {
        _guard = guard;
        Request = request;
        Origin = origin;
        Secrets = secrets;
    }

    public EngineRequest Request { get; }

    public CallOrigin Origin { get; }

    /// <summary>Texts that must never appear in a message: the registry credentials sent with the request.</summary>
    public IReadOnlyList<string> Secrets { get; }

    /// <summary>Whether the job's call took an <c>IProgress&lt;JSONMessage&gt;</c> (Docker.DotNet read the stream itself),
    /// when known: pull, push, load, import and plugin calls always do in both clients; a build does when the guarded
    /// client saw its overload.</summary>
    public bool? TakesProgress => Request.Job switch
    {
        "pull" or "push" or "load" or "import" or "plugin install" or "plugin upgrade" => true,
        "build" => Origin.TakesProgress,
        _ => false,
    };

    /// <summary>Sent and not yet finished, and no in-band error seen: the job may still be running.</summary>
    public bool IsUnfinished
    {
        get
        {
            lock (_gate)
            {
                return _state != State.Finished && !_failed;
            }
        }
    }

    /// <summary>The engine answered with a stream that the caller now holds.</summary>
    public void Opened()
    {
        lock (_gate)
        {
            _state = _state == State.Requested ? State.Open : _state;
        }
    }

    /// <summary>No stream follows (the engine refused, the request failed): nothing to report, ever.</summary>
    public void Closed() => Finish(null);

    // Called around every read: plain locks, no closures, so that following a stream allocates nothing per read.
    public void ReadStarted()
    {
        lock (_gate)
        {
            _readsInFlight++;
        }
    }

    public void ReadFinished(bool canceled)
    {
        lock (_gate)
        {
            _readsInFlight--;
            _readCanceled |= canceled;
        }
    }

    /// <summary>A read returned no bytes: the stream was read to its end.</summary>
    public void Ended() => Finish(null);

    /// <summary>The engine reported <paramref name="error"/> inside the stream: recorded, and the exception the next read throws.</summary>
    public EngineErrorException Failed(InBandError error)
    {
        var text = SecretRedactor.Redact(error.Text, Secrets);
        var exception = new EngineErrorException(OperationName, text, error.Code, Origin.Site);
        lock (_gate)
        {
            _failed = true;
        }

        Finish(Violation(ViolationKind.EngineError, text));
        return exception;
    }

    /// <summary>The caller disposed the stream.</summary>
    public void Disposed()
    {
        GuardViolation? violation = null;
        lock (_gate)
        {
            if (_state == State.Finished || _failed || !Request.IsCompletion)
            {
                // Read to its end, failed inside, or a data stream: disposing a data stream early is legitimate.
            }
            else if (_readCanceled || _readsInFlight > 0)
            {
                violation = Violation(ViolationKind.AbandonedOnCancellation,
                    $"the {Request.Job} stream was disposed after a read of it was cancelled, before its end: the {Request.Job} was abandoned on the engine");
            }
            else
            {
                violation = Violation(ViolationKind.DisposedBeforeEnd, Request.Job == "exec"
                    ? "the exec's output stream was disposed before its end: the exec may still be running, and its exit code is not final"
                    : $"the {Request.Job} stream was disposed before its end: the {Request.Job} may be cancelled or unfinished, and an error inside it goes unseen");
            }
        }

        Finish(violation);
    }

    /// <summary>The garbage collector found the stream neither disposed nor read to its end.</summary>
    public void Collected()
    {
        GuardViolation? violation = null;
        lock (_gate)
        {
            if (_state != State.Finished && !_failed)
            {
                violation = Violation(ViolationKind.NeverDisposed, Request.IsCompletion
                    ? $"the {Request.Job} stream was collected without being read to its end or disposed: nobody waited for the {Request.Job}, and an error inside it went unseen"
                    : $"the {Request.Job} stream was collected without being disposed: it held an engine connection open until then");
            }
        }

        Finish(violation);
    }

    /// <summary>At the guard's check: a completion stream still open is a job nobody waited for.</summary>
    public GuardViolation? InFlight() => Request.IsCompletion && IsUnfinished
        ? Violation(ViolationKind.StillInFlight, $"the {Request.Job} was still running when the guard was checked: nobody waited for it to end")
        : null;

    /// <summary>The violation of a request that depends on this unfinished job.</summary>
    public GuardViolation DependedOnBy(string endpoint, CallSite? site, string what) =>
        Violation(ViolationKind.DependsOnUnfinishedJob, what) with { DependentEndpoint = endpoint, DependentSite = site };

    /// <summary>The guard's own bookkeeping failed on this record: recorded, never thrown into the caller.</summary>
    public void Fault(Exception exception) => _guard.Fault(exception, Request.Endpoint);

    private string OperationName => Request.Produces.Count > 0 ? $"{Request.Job} of {Request.Produces[0]}" : Request.Job;

    private GuardViolation Violation(ViolationKind kind, string detail) =>
        new(kind, Request.Job, Request.Endpoint, Origin.DockerMethod, Origin.Site, detail, ViolationText.RuleFor(kind, this));

    /// <summary>Ends the record once; the first ending wins and reports its violation, later ones report nothing.</summary>
    private void Finish(GuardViolation? violation)
    {
        lock (_gate)
        {
            if (_state == State.Finished)
            {
                return;
            }

            _state = State.Finished;
        }

        _guard.Forget(this);
        if (violation is not null)
        {
            _guard.Report(violation);
        }
    }
}
