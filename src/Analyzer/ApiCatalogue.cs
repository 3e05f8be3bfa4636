using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer
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
    }

    /// <summary>What one Docker call is, decided from its resolved symbol.</summary>
    internal readonly struct DockerCall
    {
        public DockerCall(IMethodSymbol method, bool isOperation, StreamRole role, StreamShape shape, string activity)
        {
            Method = method;
            IsOperation = isOperation;
            Role = role;
            Shape = shape;
            Activity = activity;
        }

        public IMethodSymbol Method { get; }

        /// <summary>A Task-returning method of a Docker.DotNet operations interface (or its implementation).</summary>
        public bool IsOperation { get; }

        public StreamRole Role { get; }

        public StreamShape Shape { get; }

        /// <summary>What the engine is doing, for messages: "build", "pull", "exec", "logs", …</summary>
        public string Activity { get; }

        public bool IsExecStart => Role == StreamRole.Completion && Shape == StreamShape.Multiplexed;
    }

    /// <summary>
    /// The Docker.DotNet API catalogue, resolved once per compilation. A method matters when its containing type is in
    /// namespace <c>Docker.DotNet</c> (Docker.DotNet 3.x and the Docker.DotNet.Enhanced 4.x fork share it); its return
    /// type decides whether it hands back a stream, and its name only refines which kind of job the stream belongs to.
    /// </summary>
    internal sealed class ApiCatalogue
    {
        private readonly INamedTypeSymbol _task;
        private readonly INamedTypeSymbol _taskOfT;
        private readonly INamedTypeSymbol _stream;
        private readonly INamedTypeSymbol? _multiplexedStream;

        private ApiCatalogue(INamedTypeSymbol task, INamedTypeSymbol taskOfT, INamedTypeSymbol stream, INamedTypeSymbol? multiplexedStream,
            INamedTypeSymbol? textReader, INamedTypeSymbol? binaryReader)
        {
            _task = task;
            _taskOfT = taskOfT;
            _stream = stream;
            _multiplexedStream = multiplexedStream;
            TextReader = textReader;
            BinaryReader = binaryReader;
        }

        /// <summary><c>IProgress&lt;JSONMessage&gt;</c>, or null when the compilation has no JSONMessage.</summary>
        public INamedTypeSymbol? JsonMessageProgress { get; private set; }

        public INamedTypeSymbol? TextReader { get; }

        public INamedTypeSymbol? BinaryReader { get; }

        private static readonly ConditionalWeakTable<Compilation, Holder> Cache = new ConditionalWeakTable<Compilation, Holder>();

        private sealed class Holder
        {
            public Holder(ApiCatalogue? catalogue) => Catalogue = catalogue;

            public ApiCatalogue? Catalogue { get; }
        }

        /// <summary>The names of the Docker.DotNet methods the rules look at: a cheap syntax filter before any binding.</summary>
        private readonly HashSet<string> _dockerMethodNames = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// The catalogue of <paramref name="compilation"/>, built once and shared by every PullAnalyzer rule; null when
        /// the compilation does not reference Docker.DotNet, and then nothing else is registered. The table holds the
        /// compilation weakly: no state outlives it.
        /// </summary>
        /// <param name="options">Where <see cref="CustomApis"/> reads its keys, file by file.</param>
        public static ApiCatalogue? TryCreate(Compilation compilation, AnalyzerConfigOptionsProvider? options = null) =>
            Cache.GetValue(compilation, c => new Holder(Create(c, options))).Catalogue;

        /// <summary>The user's own stream-returning APIs (configured or attributed).</summary>
        private CustomApis _custom = CustomApis.None;

        /// <summary>Whether a call named <paramref name="name"/> can be a Docker.DotNet method at all.</summary>
        public bool IsDockerMethodName(string name) => _dockerMethodNames.Contains(name);

        private readonly ConditionalWeakTable<SyntaxTree, CandidateList> _candidates = new ConditionalWeakTable<SyntaxTree, CandidateList>();

        private sealed class CandidateList
        {
            public CandidateList(ImmutableArray<InvocationExpressionSyntax> calls) => Calls = calls;

            public ImmutableArray<InvocationExpressionSyntax> Calls { get; }
        }

        /// <summary>The calls of a tree that may be Docker calls, found once per tree for all rules.</summary>
        public ImmutableArray<InvocationExpressionSyntax> CandidateCalls(SyntaxTree tree, CancellationToken cancellationToken) =>
            _candidates.GetValue(tree, t => new CandidateList(DockerCallSites.Find(t, _dockerMethodNames, IsDockerMethodName, cancellationToken))).Calls;

        private static ApiCatalogue? Create(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        {
            // The external reference list is checked first, by file name: it resolves nothing and creates no symbols
            // (References would bind #r directives), so a compilation without
            // Docker pays nothing for the type lookup below.
            var referencesDocker = false;
            foreach (var reference in compilation.ExternalReferences)
            {
                if (reference is PortableExecutableReference { FilePath: { } path }
                    ? string.Equals(System.IO.Path.GetFileNameWithoutExtension(path), "Docker.DotNet", StringComparison.OrdinalIgnoreCase)
                    : reference is CompilationReference { Compilation.AssemblyName: "Docker.DotNet" })
                {
                    referencesDocker = true;
                    break;
                }
            }

            // IDockerClient exists in every Docker.DotNet version; without it there is nothing to analyze.
            if (!referencesDocker || compilation.GetTypeByMetadataName("Docker.DotNet.IDockerClient") is not { } dockerClient)
            {
                return null;
            }

            var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            var taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            var stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            if (task is null || taskOfT is null || stream is null)
            {
                return null;
            }

            var catalogue = new ApiCatalogue(task, taskOfT, stream,
                compilation.GetTypeByMetadataName("Docker.DotNet.MultiplexedStream"),
                compilation.GetTypeByMetadataName("System.IO.TextReader"),
                compilation.GetTypeByMetadataName("System.IO.BinaryReader"));
            // Only the names of methods the catalogue would classify: common names (Add, Write, Dispose) stay out, so
            // ordinary calls are never bound on our account.
            foreach (var type in dockerClient.ContainingNamespace.GetTypeMembers())
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && catalogue.TryClassify(method, tree: null, out _))
                    {
                        catalogue._dockerMethodNames.Add(method.Name);
                    }
                }
            }

            catalogue._custom = CustomApis.Read(compilation, options);
            catalogue._dockerMethodNames.UnionWith(catalogue._custom.Names);

            var progress = compilation.GetTypeByMetadataName("System.IProgress`1");
            var message = compilation.GetTypeByMetadataName("Docker.DotNet.Models.JSONMessage");
            if (progress is not null && message is not null)
            {
                catalogue.JsonMessageProgress = progress.Construct(message);
            }

            return catalogue;
        }

        /// <summary>A method of the user's that is configured or attributed: its return type decides the shape.</summary>
        private bool TryClassifyCustom(IMethodSymbol method, SyntaxTree? tree, out DockerCall call)
        {
            call = default;
            var role = tree is null ? StreamRole.None : _custom.RoleOf(method, tree);
            if (role == StreamRole.None || method.ReturnType is not INamedTypeSymbol returnType)
            {
                return false;
            }

            var payload = SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, _taskOfT) ? returnType.TypeArguments[0] : returnType;
            StreamShape shape;
            if (IsStream(payload))
            {
                shape = StreamShape.Stream;
            }
            else if (IsMultiplexed(payload))
            {
                shape = StreamShape.Multiplexed;
            }
            else
            {
                return false;
            }

            call = new DockerCall(method, isOperation: false, role, shape, Activity(method.Name));
            return true;
        }

        /// <summary>Cheap first test, run on every invocation of the compilation.</summary>
        public static bool IsInDockerNamespace(IMethodSymbol method)
        {
            var ns = method.ContainingType?.ContainingNamespace;
            return ns is { Name: "DotNet" }
                && ns.ContainingNamespace is { Name: "Docker" } parent
                && parent.ContainingNamespace is { IsGlobalNamespace: true };
        }

        /// <param name="tree">Where the call is: the user's own APIs are configured per file.</param>
        public bool TryClassify(IMethodSymbol method, SyntaxTree? tree, out DockerCall call)
        {
            call = default;
            if (!IsInDockerNamespace(method))
            {
                return TryClassifyCustom(method, tree, out call);
            }

            var returnType = method.ReturnType as INamedTypeSymbol;
            if (returnType is null)
            {
                return false;
            }

            var isTask = SymbolEqualityComparer.Default.Equals(returnType, _task);
            var isTaskOfT = SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, _taskOfT);
            var payload = isTaskOfT ? returnType.TypeArguments[0] : returnType;
            var isOperation = (isTask || isTaskOfT) && IsOperationsType(method.ContainingType!);

            var role = StreamRole.None;
            var shape = StreamShape.Stream;
            if (IsStream(payload))
            {
                role = IsCompletionJob(method.Name) ? StreamRole.Completion : StreamRole.Data;
            }
            else if (_multiplexedStream is not null && SymbolEqualityComparer.Default.Equals(payload, _multiplexedStream))
            {
                shape = StreamShape.Multiplexed;
                // Exec start is the only multiplexed completion stream: its exit code is final only after the output ended.
                role = IsExecStart(method) ? StreamRole.Completion : StreamRole.Data;
            }
            else if (payload is INamedTypeSymbol named && HasStreamProperty(named))
            {
                role = StreamRole.DataContainer;
                shape = StreamShape.Container;
            }

            if (!isOperation && role == StreamRole.None)
            {
                return false;
            }

            call = new DockerCall(method, isOperation, role, shape, Activity(method.Name));
            return true;
        }

        public bool IsStream(ITypeSymbol? type) => InheritsFrom(type, _stream);

        public bool IsMultiplexed(ITypeSymbol? type) =>
            _multiplexedStream is not null && SymbolEqualityComparer.Default.Equals(type, _multiplexedStream);

        public bool IsReader(ITypeSymbol? type) =>
            (TextReader is not null && InheritsFrom(type, TextReader)) || (BinaryReader is not null && InheritsFrom(type, BinaryReader));


        /// <summary>The argument a progress-reporting call gets as its <c>IProgress&lt;JSONMessage&gt;</c>, if it takes one.</summary>
        public IArgumentOperation? ProgressArgument(IInvocationOperation call)
        {
            if (JsonMessageProgress is null)
            {
                return null;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter
                    && argument.ArgumentKind == ArgumentKind.Explicit
                    && SymbolEqualityComparer.Default.Equals(parameter.Type, JsonMessageProgress))
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>The exec inspect call whose exit code is a race when read before the exec's output ended.</summary>
        public static bool IsExecInspect(IMethodSymbol method) =>
            method.Name == "InspectContainerExecAsync" && IsInDockerNamespace(method);

        private static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
        {
            for (var t = type; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private bool HasStreamProperty(INamedTypeSymbol type)
        {
            if (!IsInDockerNamespace(type))
            {
                return false;
            }

            foreach (var member in type.GetMembers("Stream"))
            {
                if (member is IPropertySymbol property && IsStream(property.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Docker.DotNet or one of its sub-namespaces (the response models live in Docker.DotNet.Models).</summary>
        private static bool IsInDockerNamespace(INamedTypeSymbol type)
        {
            for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (ns.Name == "DotNet" && ns.ContainingNamespace is { Name: "Docker" } docker && docker.ContainingNamespace is { IsGlobalNamespace: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The operations interfaces (<c>IImageOperations</c>, <c>IExecOperations</c>, …) and the classes that implement them.
        /// </summary>
        private static bool IsOperationsType(INamedTypeSymbol type)
        {
            if (IsOperationsInterface(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (IsOperationsInterface(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOperationsInterface(INamedTypeSymbol type) =>
            type.TypeKind == TypeKind.Interface
            && type.Name.StartsWith("I", StringComparison.Ordinal)
            && type.Name.EndsWith("Operations", StringComparison.Ordinal)
            && IsInDockerNamespace(type);

        private static bool IsExecStart(IMethodSymbol method) =>
            method.Name.IndexOf("Exec", StringComparison.Ordinal) >= 0
            && method.Name.StartsWith("Start", StringComparison.Ordinal);

        private static readonly string[] CompletionJobs = { "Build", "CreateImage", "Pull", "Push", "Load", "Import", "Plugin" };

        private static bool IsCompletionJob(string name)
        {
            foreach (var job in CompletionJobs)
            {
                if (name.IndexOf(job, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A short noun for the job or payload, used in messages ("the build is not finished …").</summary>
        private static string Activity(string name)
        {
            if (name.IndexOf("Build", StringComparison.Ordinal) >= 0) return "build";
            if (name.IndexOf("Exec", StringComparison.Ordinal) >= 0) return "exec";
            if (name.IndexOf("Push", StringComparison.Ordinal) >= 0) return "push";
            if (name.IndexOf("Load", StringComparison.Ordinal) >= 0) return "load";
            if (name.IndexOf("Import", StringComparison.Ordinal) >= 0) return "import";
            if (name.IndexOf("Plugin", StringComparison.Ordinal) >= 0) return "plugin install";
            if (name.IndexOf("CreateImage", StringComparison.Ordinal) >= 0 || name.IndexOf("Pull", StringComparison.Ordinal) >= 0) return "pull";
            if (name.IndexOf("Logs", StringComparison.Ordinal) >= 0) return "logs";
            if (name.IndexOf("Attach", StringComparison.Ordinal) >= 0) return "attach";
            if (name.IndexOf("Export", StringComparison.Ordinal) >= 0) return "export";
            if (name.IndexOf("Save", StringComparison.Ordinal) >= 0) return "save";
            if (name.IndexOf("Stats", StringComparison.Ordinal) >= 0) return "stats";
            if (name.IndexOf("Events", StringComparison.Ordinal) >= 0) return "events";
            if (name.IndexOf("Archive", StringComparison.Ordinal) >= 0) return "archive";
            return "operation";
        }
    }
}
