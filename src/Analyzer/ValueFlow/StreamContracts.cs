using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>What calling a member on a tracked value does to the stream under it (docs/design.md §3).</summary>
    internal enum MemberContract
    {
        /// <summary>Looks at the stream without reading its data (a property, <c>CanRead</c>, <c>ToString</c>).</summary>
        Inspects,
        /// <summary>Reads the data to its end by itself (<c>CopyToAsync</c>, <c>ReadToEnd</c>, <c>ReadOutputToEndAsync</c>).</summary>
        ReadsToEnd,
        /// <summary>
        /// Reads part of the data and tells what it found (<c>ReadAsync</c>, <c>ReadLine</c>, <c>ReadOutputAsync</c>,
        /// <c>EndOfStream</c>): in a loop that is left by a test on what it found, the stream has been read to its end.
        /// </summary>
        ReadsPart,
        /// <summary>Disposes or closes it.</summary>
        Disposes,
        /// <summary>Writes into it (an exec's input): says nothing about its output.</summary>
        Writes,
    }

    /// <summary>
    /// The one table of contracts the analysis works from, for both Docker clients: which members of a stream, an exec's
    /// multiplexed stream or a reader read it to its end, read part of it, dispose it or only write into it; which
    /// constructors take ownership of a stream passed to them, and when they leave it open. The use classifier asks it
    /// for every use, and so do the callee summaries of helper methods, through the same classifier.
    /// </summary>
    internal static class StreamContracts
    {
        private static readonly Dictionary<string, MemberContract> StreamMembers = new Dictionary<string, MemberContract>
        {
            ["CopyTo"] = MemberContract.ReadsToEnd,
            ["CopyToAsync"] = MemberContract.ReadsToEnd,
            ["Read"] = MemberContract.ReadsPart,
            ["ReadAsync"] = MemberContract.ReadsPart,
            ["ReadByte"] = MemberContract.ReadsPart,
            ["ReadAtLeast"] = MemberContract.ReadsPart,
            ["ReadAtLeastAsync"] = MemberContract.ReadsPart,
            ["ReadExactly"] = MemberContract.ReadsPart,
            ["ReadExactlyAsync"] = MemberContract.ReadsPart,
            ["Write"] = MemberContract.Writes,
            ["WriteAsync"] = MemberContract.Writes,
            ["WriteByte"] = MemberContract.Writes,
            ["Flush"] = MemberContract.Writes,
            ["FlushAsync"] = MemberContract.Writes,
            ["Dispose"] = MemberContract.Disposes,
            ["DisposeAsync"] = MemberContract.Disposes,
            ["Close"] = MemberContract.Disposes,
        };

        /// <summary>Docker.DotNet's <c>MultiplexedStream</c> (the same members in 3.x and in the Enhanced fork).</summary>
        private static readonly Dictionary<string, MemberContract> MultiplexedMembers = new Dictionary<string, MemberContract>
        {
            ["ReadOutputToEndAsync"] = MemberContract.ReadsToEnd,
            ["CopyOutputToAsync"] = MemberContract.ReadsToEnd,
            ["ReadOutputAsync"] = MemberContract.ReadsPart,
            ["WriteAsync"] = MemberContract.Writes,
            ["CopyFromAsync"] = MemberContract.Writes,
            ["CloseWrite"] = MemberContract.Writes,
            ["Dispose"] = MemberContract.Disposes,
            ["DisposeAsync"] = MemberContract.Disposes,
        };

        /// <summary>
        /// Library methods that take a stream as an argument and what they do to it, by method and parameter name: the
        /// destination of a copy is written into (its output is not read), the source of an exec's input is read to its
        /// end. Any other library method that takes the stream counts as handed on.
        /// </summary>
        private static readonly Dictionary<(string Method, string Parameter), MemberContract> StreamArguments = new Dictionary<(string, string), MemberContract>
        {
            [("CopyTo", "destination")] = MemberContract.Writes,
            [("CopyToAsync", "destination")] = MemberContract.Writes,
            [("CopyOutputToAsync", "stdin")] = MemberContract.ReadsToEnd,
            [("CopyOutputToAsync", "stdout")] = MemberContract.Writes,
            [("CopyOutputToAsync", "stderr")] = MemberContract.Writes,
            [("CopyFromAsync", "input")] = MemberContract.ReadsToEnd,
        };

        /// <summary><c>TextReader</c>s (<c>StreamReader</c>) and <c>BinaryReader</c>.</summary>
        private static readonly Dictionary<string, MemberContract> ReaderMembers = new Dictionary<string, MemberContract>
        {
            ["ReadToEnd"] = MemberContract.ReadsToEnd,
            ["ReadToEndAsync"] = MemberContract.ReadsToEnd,
            ["ReadLine"] = MemberContract.ReadsPart,
            ["ReadLineAsync"] = MemberContract.ReadsPart,
            ["Read"] = MemberContract.ReadsPart,
            ["ReadAsync"] = MemberContract.ReadsPart,
            ["ReadBlock"] = MemberContract.ReadsPart,
            ["ReadBlockAsync"] = MemberContract.ReadsPart,
            ["Peek"] = MemberContract.ReadsPart,
            ["PeekChar"] = MemberContract.ReadsPart,
            ["ReadByte"] = MemberContract.ReadsPart,
            ["ReadBytes"] = MemberContract.ReadsPart,
            ["ReadChars"] = MemberContract.ReadsPart,
            ["ReadString"] = MemberContract.ReadsPart,
            ["EndOfStream"] = MemberContract.ReadsPart,
            ["Dispose"] = MemberContract.Disposes,
            ["Close"] = MemberContract.Disposes,
        };

        /// <summary>
        /// Archive readers over a stream (<c>TarReader</c>, an archive factory's reader): the next entry until there is
        /// none (<c>GetNextEntry</c> returns null, <c>MoveToNextEntry</c> false) reads the stream to its end.
        /// </summary>
        private static readonly Dictionary<string, MemberContract> ArchiveMembers = new Dictionary<string, MemberContract>
        {
            ["GetNextEntry"] = MemberContract.ReadsPart,
            ["GetNextEntryAsync"] = MemberContract.ReadsPart,
            ["MoveToNextEntry"] = MemberContract.ReadsPart,
            ["Dispose"] = MemberContract.Disposes,
            ["DisposeAsync"] = MemberContract.Disposes,
        };

        /// <summary>The archive factories whose <c>Open(stream, …)</c> returns a disposable reader that owns the stream (SharpCompress's shape).</summary>
        private static readonly HashSet<string> ArchiveFactories = new HashSet<string> { "ReaderFactory", "ArchiveFactory" };

        /// <summary>Library streams that wrap another one and own it: disposing them disposes it, reading them reads it.</summary>
        private static readonly HashSet<string> WrappingStreams = new HashSet<string>
        {
            "BufferedStream", "GZipStream", "DeflateStream", "BrotliStream", "ZLibStream",
        };

        /// <summary>What calling <paramref name="member"/> on a value of <paramref name="shape"/> does to the stream.</summary>
        public static MemberContract Of(string member, StreamShape shape)
        {
            var table = shape switch
            {
                StreamShape.Stream => StreamMembers,
                StreamShape.Multiplexed => MultiplexedMembers,
                StreamShape.Reader => ReaderMembers,
                StreamShape.Archive => ArchiveMembers,
                _ => null,
            };
            return table is not null && table.TryGetValue(member, out var contract) ? contract : MemberContract.Inspects;
        }

        /// <summary>Whether a member of that name reads part of a stream, an exec's stream or a reader in any of the tables.</summary>
        public static bool MayReadPart(string member)
        {
            foreach (var table in MemberTables)
            {
                if (table.TryGetValue(member, out var contract) && contract == MemberContract.ReadsPart)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every shape's table, for the questions asked of a member whatever the shape.</summary>
        private static readonly Dictionary<string, MemberContract>[] MemberTables = { StreamMembers, MultiplexedMembers, ReaderMembers, ArchiveMembers };

        /// <summary>
        /// What a library method of a stream or an exec's stream does to a stream passed as <paramref name="argument"/>
        /// (<see cref="StreamArguments"/>); null for any other method, whose contract the table does not know.
        /// </summary>
        public static MemberContract? OfArgument(IInvocationOperation call, IArgumentOperation argument, ApiCatalogue catalogue) =>
            argument.Parameter is { } parameter
            && call.Instance is { Type: var receiver } && (catalogue.IsStream(receiver) || catalogue.IsMultiplexed(receiver))
            && StreamArguments.TryGetValue((call.TargetMethod.Name, parameter.Name), out var contract)
                ? contract
                : null;

        /// <summary>
        /// The shape of the wrapper a library constructor makes of a stream passed to it (a reader, or a stream that
        /// decompresses or buffers it), or null when the type is not a wrapper the table knows.
        /// </summary>
        public static StreamShape? WrapperShape(IObjectCreationOperation creation, ApiCatalogue catalogue)
        {
            var type = creation.Type;
            if (catalogue.IsReader(type))
            {
                return StreamShape.Reader;
            }

            if (type is INamedTypeSymbol { Name: "TarReader" } tar && tar.ContainingNamespace?.ToDisplayString() == "System.Formats.Tar")
            {
                return StreamShape.Archive;
            }

            return type is not null && WrappingStreams.Contains(type.Name) && catalogue.IsStream(type) ? StreamShape.Stream : null;
        }

        /// <summary>
        /// <c>new ZipArchive(stream)</c> in read mode (the default): the archive copies a stream that cannot seek (as a
        /// Docker stream cannot) to memory in its constructor, so the stream has been read to its end.
        /// </summary>
        public static bool ReadsToEndWhenMade(IObjectCreationOperation creation)
        {
            if (creation.Type is not INamedTypeSymbol { Name: "ZipArchive" } zip || zip.ContainingNamespace?.ToDisplayString() != "System.IO.Compression")
            {
                return false;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "mode"
                    && !(OperationTree.SkipConversionsDown(argument.Value).ConstantValue is { HasValue: true, Value: 0 }))
                {
                    // Create or Update (or a mode not known here): the archive writes, or what it reads is not known.
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// An archive factory's <c>Open(stream, …)</c> that returns a disposable reader (SharpCompress's
        /// <c>ReaderFactory.Open</c>, <c>ArchiveFactory.Open</c>): the reader owns the stream and is followed in its place.
        /// A library method that returns something not disposable keeps the stream handed on.
        /// </summary>
        public static bool OpensArchive(IInvocationOperation call) =>
            call.TargetMethod is { IsStatic: true, Name: "Open", ContainingType.Name: var factory }
            && ArchiveFactories.Contains(factory)
            && IsDisposable(call.Type);

        private static bool IsDisposable(ITypeSymbol? type) =>
            type is not null && (type.SpecialType == SpecialType.System_IDisposable
                || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable || i.ToDisplayString() == "System.IAsyncDisposable"));

        /// <summary>
        /// Whether a wrapping constructor takes ownership of the stream: it does unless its <c>leaveOpen</c> parameter is
        /// given <c>true</c> (as the BCL's readers and compressing streams name it). A value not known at compile time
        /// counts as ownership, which only ever makes the analysis quieter.
        /// </summary>
        public static bool TakesOwnership(IObjectCreationOperation creation)
        {
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "leaveOpen"
                    && OperationTree.SkipConversionsDown(argument.Value).ConstantValue is { HasValue: true, Value: true })
                {
                    return false;
                }
            }

            return true;
        }
    }
}
