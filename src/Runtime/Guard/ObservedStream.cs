using System.Runtime.CompilerServices;

namespace PullAnalyzer.Runtime;

/// <summary>
/// The stream the caller gets for a response the guard follows: every byte is the engine's, read through unchanged;
/// reads, the end, disposal and collection go to a <see cref="StreamObserver"/>. Reads are forwarded to the inner
/// stream's asynchronous reads where the caller reads asynchronously (the Enhanced client's streams reject synchronous
/// reads, so nothing here turns one into the other).
/// </summary>
internal sealed class ObservedStream : Stream
{
    private readonly Stream _inner;
    private readonly StreamObserver _observer;
    private int _disposed;
    private Task<int>? _lastRead;

    public ObservedStream(Stream inner, StreamObserver observer)
    {
        _inner = inner;
        _observer = observer;
    }

    /// <summary>Neither disposed nor collected before: the caller dropped the stream.</summary>
    ~ObservedStream()
    {
        _observer.Collected();
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanTimeout => _inner.CanTimeout;

    public override int ReadTimeout
    {
        get => _inner.ReadTimeout;
        set => _inner.ReadTimeout = value;
    }

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            // A zero-byte read waits for data (or asks nothing); its 0 is not the end of the stream.
            return _inner.Read(buffer);
        }

        _observer.BeforeRead();
        int read;
        try
        {
            read = _inner.Read(buffer);
        }
        catch (Exception exception)
        {
            _observer.ReadFailed(exception);
            throw;
        }

        _observer.AfterRead(buffer.Slice(0, read));
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var pending = ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return pending.AsTask();
        }

        // Completed at once (the bytes were buffered): reuse the last task when it holds the same count, as the
        // framework's buffered streams do, so that following a stream costs no allocation per read.
        var read = pending.Result;
        return _lastRead is { } last && last.Result == read ? last : _lastRead = Task.FromResult(read);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            // A zero-byte read waits for data (or asks nothing); its 0 is not the end of the stream.
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        _observer.BeforeRead();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _observer.ReadFailed(exception);
            throw;
        }

        _observer.AfterRead(buffer.Span.Slice(0, read));
        return read;
    }

    public override IAsyncResult BeginRead(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state) =>
        TaskToAsyncResult.Begin(ReadAsync(buffer, offset, count, CancellationToken.None), callback, state);

    public override int EndRead(IAsyncResult asyncResult) => TaskToAsyncResult.End<int>(asyncResult);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _observer.Disposed();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _observer.Disposed();
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The response content the guard puts in place of the engine's for a stream it follows: the same headers, and an
/// <see cref="ObservedStream"/> over the original content's stream. Made once per response by the guard's handler.
/// </summary>
internal sealed class ObservedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly StreamObserver _observer;

    public ObservedContent(HttpContent inner, StreamObserver observer)
    {
        _inner = inner;
        _observer = observer;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync() =>
        new ObservedStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _observer);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new ObservedStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _observer);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
    {
        await using var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
        await source.CopyToAsync(stream).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
