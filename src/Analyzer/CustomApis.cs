using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace PullAnalyzer
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

        private readonly Dictionary<IMethodSymbol, StreamRole> _methods = new Dictionary<IMethodSymbol, StreamRole>(SymbolEqualityComparer.Default);

        /// <summary>The names of every configured or attributed method, for the syntax filter.</summary>
        public HashSet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal);

        public static CustomApis Read(Compilation compilation, AnalyzerConfigOptionsProvider? options)
        {
            var apis = new CustomApis();
            if (options is not null)
            {
                apis.AddConfigured(compilation, Value(compilation, options, CompletionKey), StreamRole.Completion);
                apis.AddConfigured(compilation, Value(compilation, options, DataKey), StreamRole.Data);
            }

            apis.AddAttributed(compilation);
            return apis;
        }

        /// <summary>The role of a method of the user's code, or None.</summary>
        public StreamRole RoleOf(IMethodSymbol method)
        {
            if (!Names.Contains(method.Name))
            {
                return StreamRole.None;
            }

            if (_methods.TryGetValue(method.OriginalDefinition, out var role))
            {
                return role;
            }

            return HasAttribute(method) ? StreamRole.Completion : StreamRole.None;
        }

        private static string? Value(Compilation compilation, AnalyzerConfigOptionsProvider options, string key)
        {
            if (options.GlobalOptions.TryGetValue(key, out var global))
            {
                return global;
            }

            // A [*.cs] section of .editorconfig applies per file; the first file stands for the project.
            return compilation.SyntaxTrees.FirstOrDefault() is { } tree && options.GetOptions(tree).TryGetValue(key, out var perFile) ? perFile : null;
        }

        private void AddConfigured(Compilation compilation, string? value, StreamRole role)
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
                    _methods[method.OriginalDefinition] = role;
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
