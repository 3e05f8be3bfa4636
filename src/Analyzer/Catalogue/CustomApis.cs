using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PullAnalyzer.Catalogue
{
    /// <summary>
    /// Stream-returning methods of the user's own code base that the rules treat like Docker.DotNet's: listed in
    /// <c>.editorconfig</c> (<c>pull_analyzer.completion_stream_apis</c>, <c>pull_analyzer.data_stream_apis</c>: entries
    /// separated by <c>|</c>, each a documentation-comment ID such as <c>M:Acme.Images.BuildAsync(System.IO.Stream)</c>
    /// or <c>Acme.Images.BuildAsync</c> for every overload), or marked with an attribute named
    /// <c>MustReadToEndAttribute</c> in any namespace.
    /// </summary>
    internal sealed class CustomApis
    {
        public const string CompletionKey = "pull_analyzer.completion_stream_apis";
        public const string DataKey = "pull_analyzer.data_stream_apis";
        private const string AttributeName = "MustReadToEndAttribute";

        /// <summary>
        /// What one pair of configured values (completion, data) names. A <c>[*.cs]</c> or folder section of
        /// .editorconfig applies per file, so files may differ; usually they all share one pair.
        /// </summary>
        private sealed class Configured
        {
            public Dictionary<IMethodSymbol, StreamRole> Methods { get; } = new Dictionary<IMethodSymbol, StreamRole>(SymbolEqualityComparer.Default);
        }

        private readonly Dictionary<(string? Completion, string? Data), Configured> _configured = new Dictionary<(string?, string?), Configured>();
        private readonly AnalyzerConfigOptionsProvider? _options;

        private CustomApis(AnalyzerConfigOptionsProvider? options) => _options = options;

        /// <summary>No configuration and no attribute.</summary>
        public static CustomApis None { get; } = new CustomApis(null);

        /// <summary>The names of every configured (in any file's options) or attributed method, for the syntax filter.</summary>
        public HashSet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>
        /// Reads the configuration of every file of <paramref name="compilation"/> once, up front, so that the catalogue
        /// is immutable afterwards and any thread can ask about any file.
        /// </summary>
        public static CustomApis Read(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        {
            var apis = new CustomApis(options);
            if (options is not null)
            {
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var key = Values(options, tree);
                    if (!apis._configured.ContainsKey(key))
                    {
                        var configured = new Configured();
                        apis.AddConfigured(compilation, configured, key.Completion, StreamRole.Completion);
                        apis.AddConfigured(compilation, configured, key.Data, StreamRole.Data);
                        apis._configured[key] = configured;
                    }
                }
            }

            apis.AddAttributed(compilation);
            return apis;
        }

        /// <summary>The role of a method of the user's code called in <paramref name="tree"/>, or None.</summary>
        public StreamRole RoleOf(IMethodSymbol method, SyntaxTree tree)
        {
            if (!Names.Contains(method.Name))
            {
                return StreamRole.None;
            }

            if (_options is not null
                && _configured.TryGetValue(Values(_options, tree), out var configured)
                && configured.Methods.TryGetValue(method.OriginalDefinition, out var role))
            {
                return role;
            }

            return HasAttribute(method) ? StreamRole.Completion : StreamRole.None;
        }

        /// <summary>The two keys as they apply to <paramref name="tree"/>: its own sections first, then the global options.</summary>
        private static (string? Completion, string? Data) Values(AnalyzerConfigOptionsProvider options, SyntaxTree tree) =>
            (Value(options, tree, CompletionKey), Value(options, tree, DataKey));

        private static string? Value(AnalyzerConfigOptionsProvider options, SyntaxTree tree, string key) =>
            options.GetOptions(tree).TryGetValue(key, out var perFile) ? perFile
            : options.GlobalOptions.TryGetValue(key, out var global) ? global
            : null;

        private void AddConfigured(Compilation compilation, Configured configured, string? value, StreamRole role)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return;
            }

            foreach (var raw in value!.Split('|'))
            {
                var entry = raw.Trim();
                if (entry.Length == 0)
                {
                    continue;
                }

                foreach (var method in Resolve(compilation, entry))
                {
                    configured.Methods[method.OriginalDefinition] = role;
                    Names.Add(method.Name);
                }
            }
        }

        private static IEnumerable<IMethodSymbol> Resolve(Compilation compilation, string entry)
        {
            if (entry.StartsWith("M:", StringComparison.Ordinal))
            {
                return DocumentationCommentId.GetSymbolsForDeclarationId(entry, compilation).OfType<IMethodSymbol>();
            }

            var dot = entry.LastIndexOf('.');
            return dot > 0 && compilation.GetTypeByMetadataName(entry.Substring(0, dot)) is { } type
                ? type.GetMembers(entry.Substring(dot + 1)).OfType<IMethodSymbol>()
                : Enumerable.Empty<IMethodSymbol>();
        }

        /// <summary>
        /// Methods carrying the attribute, in source and in the referenced assemblies that declare an attribute of that
        /// name. Looked for only when such an attribute exists, so the common case costs two name look-ups.
        /// </summary>
        private void AddAttributed(Compilation compilation)
        {
            if (compilation.ContainsSymbolsWithName(AttributeName, SymbolFilter.Type))
            {
                foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Member))
                {
                    if (symbol is IMethodSymbol method && HasAttribute(method))
                    {
                        Names.Add(method.Name);
                    }
                }
            }

            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.TypeNames.Contains(AttributeName))
                {
                    AddAttributedIn(assembly.GlobalNamespace);
                }
            }
        }

        private void AddAttributedIn(INamespaceOrTypeSymbol container)
        {
            foreach (var member in container.GetMembers())
            {
                switch (member)
                {
                    case INamespaceOrTypeSymbol nested:
                        AddAttributedIn(nested);
                        break;
                    case IMethodSymbol method when HasAttribute(method):
                        Names.Add(method.Name);
                        break;
                }
            }
        }

        private static bool HasAttribute(IMethodSymbol method) =>
            method.OriginalDefinition.GetAttributes().Any(a => a.AttributeClass?.Name == AttributeName);
    }
}
