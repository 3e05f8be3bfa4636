using Microsoft.CodeAnalysis;

namespace PullAnalyzer.Catalogue
{
    /// <summary>What a Docker.DotNet call hands back, as far as the rules care.</summary>
    internal enum StreamRole
    {
        /// <summary>Not a stream the rules track.</summary>
        None,
        /// <summary>The job (build, pull, push, load, import, plugin, exec) ends only when the stream is read to its end.</summary>
        Completion,
        /// <summary>The stream is the payload (logs, attach, export, save, stats, events); it must be disposed.</summary>
        Data,
        /// <summary>A response object whose <c>Stream</c> property is a data stream (<c>GetArchiveFromContainerAsync</c>).</summary>
        DataContainer,
    }

    /// <summary>The shape of a tracked value: decides which members read it to its end.</summary>
    internal enum StreamShape
    {
        Stream,
        Multiplexed,
        Reader,
        /// <summary>A Docker.DotNet response object whose <c>Stream</c> property is the data stream.</summary>
        Container,
        /// <summary>
        /// A library object that owns the stream and reads it entry by entry: a <c>TarReader</c>, or the disposable reader
        /// an archive factory opens over it (<c>ReaderFactory.Open(stream)</c>).
        /// </summary>
        Archive,
    }

    /// <summary>What one Docker call is, decided from its resolved symbol.</summary>
    internal readonly struct DockerCall
    {
        public DockerCall(IMethodSymbol method, bool returnsTask, StreamRole role, StreamShape shape, string job)
        {
            Method = method;
            ReturnsTask = returnsTask;
            Role = role;
            Shape = shape;
            Job = job;
        }

        public IMethodSymbol Method { get; }

        /// <summary>A Task-returning method of a Docker.DotNet operations interface (or its implementation).</summary>
        public bool ReturnsTask { get; }

        public StreamRole Role { get; }

        public StreamShape Shape { get; }

        /// <summary>What the engine is doing, for messages and names: "build", "exec", "logs", … (see <see cref="JobTable"/>).</summary>
        public string Job { get; }

        public bool IsExecStart => Role == StreamRole.Completion && Shape == StreamShape.Multiplexed;
    }
}
