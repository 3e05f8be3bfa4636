using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Catalogue
{
    /// <summary>
    /// The Docker.DotNet API catalogue of one compilation, built once and shared by every rule, immutable afterwards. A
    /// method matters when its containing type is in namespace <c>Docker.DotNet</c> (see <see cref="DockerNamespace"/>)
    /// or the user configured or attributed it (<see cref="CustomApis"/>); its return type decides whether it hands
    /// back a stream, and its name only refines which job the stream belongs to (<see cref="JobTable"/>).
    /// </summary>
    internal sealed class ApiCatalogue
    {
        private readonly INamedTypeSymbol _task;
        private readonly INamedTypeSymbol _taskOfT;
        private readonly INamedTypeSymbol _stream;
        private readonly INamedTypeSymbol? _multiplexedStream;
        private readonly INamedTypeSymbol? _textReader;
        private readonly INamedTypeSymbol? _binaryReader;
        private readonly CustomApis _custom;

        private ApiCatalogue(Compilation compilation, INamedTypeSymbol dockerClient, INamedTypeSymbol task, INamedTypeSymbol taskOfT, INamedTypeSymbol stream,
            AnalyzerConfigOptionsProvider? options)
        {
            Compilation = compilation;
            _task = task;
            _taskOfT = taskOfT;
            _stream = stream;
            _multiplexedStream = compilation.GetTypeByMetadataName("Docker.DotNet.MultiplexedStream");
            _textReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
            _binaryReader = compilation.GetTypeByMetadataName("System.IO.BinaryReader");
            _custom = CustomApis.Read(compilation, options);
            JsonMessageProgress = compilation.GetTypeByMetadataName("System.IProgress`1") is { } progress
                && compilation.GetTypeByMetadataName("Docker.DotNet.Models.JSONMessage") is { } message
                ? progress.Construct(message)
                : null;
            Runtime = new RuntimeHelpers(compilation);
            _methodNames = Names(dockerClient.ContainingNamespace);
            _methodNames.UnionWith(_custom.Names);
        }

        /// <summary>The compilation this catalogue describes (where a handler declared in another file is looked at).</summary>
        public Compilation Compilation { get; }

        /// <summary>Which of PullAnalyzer.Runtime's helpers the compilation references.</summary>
        public RuntimeHelpers Runtime { get; }

        /// <summary><c>IProgress&lt;JSONMessage&gt;</c>, or null when the compilation has no JSONMessage.</summary>
        public INamedTypeSymbol? JsonMessageProgress { get; }

        /// <summary>
        /// The names of the methods the rules look at (Docker.DotNet's that the catalogue classifies, and the user's own):
        /// a cheap filter before any binding. Common names (Add, Write, Dispose) stay out, so ordinary calls are never
        /// bound on our account. A plain hash set, filled in the constructor and never changed: the filter asks it for
        /// every "…Async" identifier of every file, so it must be the fastest look-up there is.
        /// </summary>
        private readonly HashSet<string> _methodNames;

        public IReadOnlyCollection<string> MethodNames => _methodNames;

        public bool IsMethodName(string name) => _methodNames.Contains(name);

        /// <summary>
        /// The catalogue of <paramref name="compilation"/>; null when the compilation does not reference Docker.DotNet,
        /// and then nothing else is registered. Built once per compilation by <c>CompilationAnalysis</c>, which holds it
        /// (weakly keyed by the compilation) for every rule.
        /// </summary>
        /// <param name="options">Where <see cref="CustomApis"/> reads its keys, file by file.</param>
        public static ApiCatalogue? TryCreate(Compilation compilation, AnalyzerConfigOptionsProvider? options = null) => Create(compilation, options);

        private static ApiCatalogue? Create(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        {
            // The external reference list is checked first, by file name: it resolves nothing and creates no symbols
            // (References would bind #r directives), so a compilation without Docker pays nothing for the type lookup below.
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
            if (!referencesDocker
                || compilation.GetTypeByMetadataName("Docker.DotNet.IDockerClient") is not { } dockerClient
                || compilation.GetTypeByMetadataName("System.Threading.Tasks.Task") is not { } task
                || compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1") is not { } taskOfT
                || compilation.GetTypeByMetadataName("System.IO.Stream") is not { } stream)
            {
                return null;
            }

            return new ApiCatalogue(compilation, dockerClient, task, taskOfT, stream, options);
        }

        /// <summary>The names of the Docker.DotNet methods that <see cref="ClassifyDocker"/> classifies.</summary>
        private HashSet<string> Names(INamespaceSymbol docker)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var type in docker.GetTypeMembers())
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol method && ClassifyDocker(method) is not null)
                    {
                        names.Add(method.Name);
                    }
                }
            }

            return names;
        }

        /// <summary>What a call of <paramref name="method"/> in <paramref name="tree"/> is, if the rules care.</summary>
        /// <param name="tree">Where the call is: the user's own APIs are configured per file.</param>
        public bool TryClassify(IMethodSymbol method, SyntaxTree tree, out DockerCall call)
        {
            var found = DockerNamespace.DeclaresMethod(method) ? ClassifyDocker(method) : ClassifyCustom(method, tree);
            call = found ?? default;
            return found is not null;
        }

        /// <summary>A method of Docker.DotNet: an operation, a stream of a job, or both.</summary>
        private DockerCall? ClassifyDocker(IMethodSymbol method)
        {
            if (method.ReturnType is not INamedTypeSymbol returnType)
            {
                return null;
            }

            var isTask = SymbolEqualityComparer.Default.Equals(returnType, _task);
            var isTaskOfT = SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, _taskOfT);
            var payload = isTaskOfT ? returnType.TypeArguments[0] : returnType;
            var returnsTask = (isTask || isTaskOfT) && IsOperationsType(method.ContainingType!);

            var role = StreamRole.None;
            var shape = StreamShape.Stream;
            if (IsStream(payload))
            {
                role = JobTable.Completes(method.Name) ? StreamRole.Completion : StreamRole.Data;
            }
            else if (IsMultiplexed(payload))
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

            return returnsTask || role != StreamRole.None
                ? new DockerCall(method, returnsTask, role, shape, JobTable.Name(method.Name))
                : null;
        }

        /// <summary>A method of the user's that is configured or attributed: its return type decides the shape.</summary>
        private DockerCall? ClassifyCustom(IMethodSymbol method, SyntaxTree tree)
        {
            var role = _custom.RoleOf(method, tree);
            if (role == StreamRole.None || method.ReturnType is not INamedTypeSymbol returnType)
            {
                return null;
            }

            var payload = SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, _taskOfT) ? returnType.TypeArguments[0] : returnType;
            return IsStream(payload) ? new DockerCall(method, returnsTask: false, role, StreamShape.Stream, JobTable.Name(method.Name))
                : IsMultiplexed(payload) ? new DockerCall(method, returnsTask: false, role, StreamShape.Multiplexed, JobTable.Name(method.Name))
                : null;
        }

        public bool IsStream(ITypeSymbol? type) => InheritsFrom(type, _stream);

        public bool IsMultiplexed(ITypeSymbol? type) =>
            _multiplexedStream is not null && SymbolEqualityComparer.Default.Equals(type, _multiplexedStream);

        public bool IsReader(ITypeSymbol? type) =>
            (_textReader is not null && InheritsFrom(type, _textReader)) || (_binaryReader is not null && InheritsFrom(type, _binaryReader));

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
            method.Name == "InspectContainerExecAsync" && DockerNamespace.DeclaresMethod(method);

        /// <summary>
        /// The running state of an exec's inspection (<c>ContainerExecInspectResponse.Running</c>): code that reads it
        /// polls the exec until it ends, another way to wait for the exec than reading its output to the end.
        /// </summary>
        public static bool IsExecRunningState(IPropertySymbol property) =>
            property.Name == ExecRunningState && property.ContainingType is { Name: "ContainerExecInspectResponse" } type && DockerNamespace.Contains(type);

        /// <summary>
        /// A member access that does not bind (its receiver is being typed: an inspection whose argument is unfinished,
        /// say) and that names the running state: it may be the poll of <see cref="IsExecRunningState"/>.
        /// </summary>
        public static bool MayBeExecRunningState(IInvalidOperation operation) =>
            operation.Syntax is MemberAccessExpressionSyntax { Name.Identifier.ValueText: ExecRunningState };

        private const string ExecRunningState = "Running";

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

        /// <summary>A Docker.DotNet response model with a <c>Stream</c> property (the archive response).</summary>
        private bool HasStreamProperty(INamedTypeSymbol type)
        {
            if (!DockerNamespace.Contains(type))
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

        /// <summary>The operations interfaces (<c>IImageOperations</c>, <c>IExecOperations</c>, …) and the classes that implement them.</summary>
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
            && DockerNamespace.Contains(type);

        private static bool IsExecStart(IMethodSymbol method) =>
            method.Name.IndexOf("Exec", StringComparison.Ordinal) >= 0
            && method.Name.StartsWith("Start", StringComparison.Ordinal);
    }
}
