namespace PullAnalyzer.Runtime;

/// <summary>
/// What the guard's stream wrappers share: it tells the record about each read, end, dispose and collection, and, for
/// a progress stream, watches the bytes for the engine's in-band error. After the read that delivered the error line,
/// the next read throws <see cref="EngineErrorException"/> instead of reading on, so the consumer (Docker.DotNet's own
/// progress reader, or the user's loop) fails at the failing line; the bytes it got are exactly the engine's.
/// The engine's error is the only exception that leaves here: a failure of the bookkeeping itself is recorded as a
/// <see cref="ViolationKind.GuardFault"/> and the read goes on.
/// </summary>
internal sealed class StreamObserver
{
    private readonly JobRecord _record;
    private readonly ProgressLineScanner? _scanner;
    private EngineErrorException? _failure;

    public StreamObserver(JobRecord record)
    {
        _record = record;
        _scanner = record.Request.Shape == StreamShape.Progress ? new ProgressLineScanner() : null;
    }

    /// <summary>Before each read: throws the engine's error once it was seen.</summary>
    public void BeforeRead()
    {
        if (_failure is { } failure)
        {
            throw failure;
        }

        try
        {
            _record.ReadStarted();
        }
        catch (Exception exception)
        {
            _record.Fault(exception);
        }
    }

    /// <summary>After a read that returned <paramref name="bytes"/>; throws the engine's error at the end of a stream whose
    /// last line was the error.</summary>
    public void AfterRead(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _record.ReadFinished(canceled: false);
            var error = bytes.IsEmpty ? _scanner?.End() : _scanner?.Scan(bytes);
            if (error is not null && _failure is null)
            {
                _failure = _record.Failed(error);
            }

            if (bytes.IsEmpty && _failure is null)
            {
                _record.Ended();
            }
        }
        catch (Exception exception)
        {
            _record.Fault(exception);
        }

        if (bytes.IsEmpty && _failure is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>A read threw; a cancelled one makes a later dispose an abandonment.</summary>
    public void ReadFailed(Exception exception)
    {
        try
        {
            _record.ReadFinished(canceled: exception is OperationCanceledException);
        }
        catch (Exception fault)
        {
            _record.Fault(fault);
        }
    }

    public void Disposed() => Safely(static record => record.Disposed());

    /// <summary>From the wrapper's finalizer: the stream was dropped undisposed.</summary>
    public void Collected() => Safely(static record => record.Collected());

    private void Safely(Action<JobRecord> step)
    {
        try
        {
            step(_record);
        }
        catch (Exception exception)
        {
            _record.Fault(exception);
        }
    }
}
