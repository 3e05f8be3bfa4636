using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Operations;

namespace PullAnalyzer.Discovery
{
    /// <summary>One Docker.DotNet call found in the code, with what a rule needs to judge it.</summary>
    internal readonly struct DockerCallSite
    {
        private readonly Action<Diagnostic> _report;
        private readonly FlowGraphCache _graphs;

        public DockerCallSite(Action<Diagnostic> report, CancellationToken cancellationToken, FlowGraphCache graphs, IOperation call, DockerCall docker)
        {
            _report = report;
            _graphs = graphs;
            CancellationToken = cancellationToken;
            Call = call;
            Docker = docker;
        }

        /// <summary>The analysis context's token: every walk a rule makes for this call stops when it is cancelled.</summary>
        public CancellationToken CancellationToken { get; }

        /// <summary>
        /// The call: an invocation, or (where overload resolution failed and every candidate is the same kind of Docker
        /// method, as while typing) the invalid operation that stands for it.
        /// </summary>
        public IOperation Call { get; }

        /// <summary>The bound invocation, with its arguments matched to parameters; null for a call that did not bind.</summary>
        public IInvocationOperation? Invocation => Call as IInvocationOperation;

        public DockerCall Docker { get; }

        /// <summary>
        /// The call bound and so did everything in it (its receiver, every argument): a verdict on its stream's path
        /// may be claimed. A call being typed, or with an argument from a missing reference, gets none.
        /// </summary>
        public bool Binds => Call is IInvocationOperation && OperationTree.Binds(Call);

        /// <summary>
        /// Reports <paramref name="descriptor"/> on this call: at the called member's name (one line carries the warning,
        /// however the call is wrapped), with the call's display name as the message's first argument.
        /// </summary>
        public void Report(DiagnosticDescriptor descriptor, ImmutableDictionary<string, string?>? properties, params object[] messageArguments)
        {
            var arguments = new object[messageArguments.Length + 1];
            arguments[0] = DisplayName(Docker.Method);
            messageArguments.CopyTo(arguments, 1);
            _report(Diagnostic.Create(descriptor, NameLocation(Call), properties, arguments));
        }

        /// <summary>Display name used in messages: <c>IImageOperations.BuildImageFromDockerfileAsync</c>.</summary>
        private static string DisplayName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

        /// <summary>The name of the called member.</summary>
        private static Location NameLocation(IOperation call)
        {
            if (call.Syntax is InvocationExpressionSyntax invocation)
            {
                switch (invocation.Expression)
                {
                    case MemberAccessExpressionSyntax memberAccess:
                        return memberAccess.Name.GetLocation();
                    case MemberBindingExpressionSyntax memberBinding:
                        return memberBinding.Name.GetLocation();
                    case SimpleNameSyntax name:
                        return name.GetLocation();
                }
            }

            return call.Syntax.GetLocation();
        }

        /// <summary>
        /// The flow graph of the whole member the call is in, made once per member and compilation however many Docker
        /// calls it holds and whichever rule asks first (<see cref="FlowGraphCache"/>); null for roots a graph cannot be
        /// made of.
        /// </summary>
        public ControlFlowGraph? MemberGraph() => _graphs.GraphOf(OperationTree.RootOf(Call), CancellationToken);
    }

    /// <summary>
    /// Finds the Docker.DotNet calls of a compilation for every rule. One pass over each syntax tree, shared by all
    /// rules through the catalogue, keeps only invocations whose called name is one Docker.DotNet declares; only those
    /// get an operation tree, and the decision is made on the resolved symbol by the <see cref="ApiCatalogue"/>.
    /// A semantic-model action per tree (not a callback per invocation) keeps the driver's own cost per rule tiny.
    /// </summary>
    internal sealed class DockerCallSites
    {
        private readonly ApiCatalogue _catalogue;
        private readonly FlowGraphCache _graphs;
        private readonly ConcurrentDictionary<SyntaxTree, ImmutableArray<FoundCall>> _calls = new ConcurrentDictionary<SyntaxTree, ImmutableArray<FoundCall>>();

        public DockerCallSites(ApiCatalogue catalogue, FlowGraphCache graphs)
        {
            _catalogue = catalogue;
            _graphs = graphs;
        }

        /// <summary>One Docker call of a tree, as classified once for every rule.</summary>
        private readonly struct FoundCall
        {
            public FoundCall(IOperation call, DockerCall docker)
            {
                Call = call;
                Docker = docker;
            }

            public IOperation Call { get; }

            public DockerCall Docker { get; }
        }

        /// <summary>Calls <paramref name="analyze"/> for every Docker call of every tree, in a semantic-model action of the rule's own.</summary>
        public void Register(CompilationStartAnalysisContext start, Action<DockerCallSite> analyze) =>
            start.RegisterSemanticModelAction(context =>
            {
                foreach (var found in CallsIn(context.SemanticModel, context.CancellationToken))
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    analyze(new DockerCallSite(context.ReportDiagnostic, context.CancellationToken, _graphs, found.Call, found.Docker));
                }
            });

        /// <summary>
        /// The Docker calls of a tree, bound in the compilation's shared model and classified once for all rules: the
        /// first rule to reach a tree pays for its candidates' operations and symbols, the others read the list.
        /// </summary>
        private ImmutableArray<FoundCall> CallsIn(SemanticModel offered, CancellationToken cancellationToken)
        {
            var tree = offered.SyntaxTree;
            if (_calls.TryGetValue(tree, out var known))
            {
                return known;
            }

            // Worked out outside the dictionary's factory, so that a cancelled analysis stores nothing. A file without
            // candidates keeps no semantic model in the shared cache.
            var candidates = Find(tree, _catalogue.MethodNames, _catalogue.IsMethodName, cancellationToken);
            if (candidates.IsEmpty)
            {
                return _calls.GetOrAdd(tree, ImmutableArray<FoundCall>.Empty);
            }

            var model = _graphs.ModelOf(tree, offered);
            var found = ImmutableArray.CreateBuilder<FoundCall>();
            foreach (var invocation in candidates)
            {
                var operation = model.GetOperation(invocation, cancellationToken);
                if (operation is IInvocationOperation call && _catalogue.TryClassify(call.TargetMethod, tree, out var docker))
                {
                    found.Add(new FoundCall(call, docker));
                }
                else if (operation is IInvalidOperation invalid
                    && OneKind(_catalogue, model.GetSymbolInfo(invocation, cancellationToken).CandidateSymbols, tree) is { } candidate)
                {
                    found.Add(new FoundCall(invalid, candidate));
                }
            }

            return _calls.GetOrAdd(tree, found.ToImmutable());
        }

        /// <summary>
        /// The invocations of <paramref name="tree"/> whose called name is in <paramref name="names"/>. Walking every node
        /// of every tree would cost more than all the rest of the analysis, so the tree's text is searched instead: for
        /// "Async" (every Docker.DotNet operation's name ends with it; one vectorized search per tree) and for each other
        /// name (the user's configured wrappers, usually none); only a hit is looked up in the tree, along one path.
        /// </summary>
        public static ImmutableArray<InvocationExpressionSyntax> Find(SyntaxTree tree, IReadOnlyCollection<string> names,
            Func<string, bool> isName, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            var root = tree.GetRoot(cancellationToken);
            var found = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            for (var at = text.IndexOf(AsyncSuffix, StringComparison.Ordinal); at >= 0; at = text.IndexOf(AsyncSuffix, at + AsyncSuffix.Length, StringComparison.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Consider(root, text, at + AsyncSuffix.Length, isName, found);
            }

            foreach (var name in names)
            {
                if (name.EndsWith(AsyncSuffix, StringComparison.Ordinal))
                {
                    continue;
                }

                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Consider(root, text, at + name.Length, isName, found);
                }
            }

            return found.ToImmutable();
        }

        private const string AsyncSuffix = "Async";

        /// <summary>
        /// A call that failed overload resolution is judged as its candidates when they are all catalogue methods of one
        /// kind (the common case: one candidate, an argument whose type is broken). A receiver of unknown type has no
        /// candidates: the call stays silent.
        /// </summary>
        private static DockerCall? OneKind(ApiCatalogue catalogue, ImmutableArray<ISymbol> candidates, SyntaxTree tree)
        {
            DockerCall? kind = null;
            foreach (var symbol in candidates)
            {
                if (symbol is not IMethodSymbol method || !catalogue.TryClassify(method, tree, out var call))
                {
                    return null;
                }

                if (kind is { } first && (first.Role != call.Role || first.Shape != call.Shape || first.ReturnsTask != call.ReturnsTask
                    || !SymbolEqualityComparer.Default.Equals(first.Method.ReturnType, call.Method.ReturnType)))
                {
                    return null;
                }

                kind ??= call;
            }

            return kind;
        }

        /// <summary>The identifier that ends at <paramref name="end"/>, if it is a wanted name called right there.</summary>
        private static void Consider(SyntaxNode root, string text, int end, Func<string, bool> isName, ImmutableArray<InvocationExpressionSyntax>.Builder found)
        {
            if (end < text.Length && IsIdentifierPart(text[end]))
            {
                return;
            }

            var start = end;
            while (start > 0 && IsIdentifierPart(text[start - 1]))
            {
                start--;
            }

            if (start == end || !isName(text.Substring(start, end - start)))
            {
                return;
            }

            // Comments and strings hold the same text: only a real identifier token of a call counts.
            var token = root.FindToken(start);
            if (token.SpanStart != start || !token.IsKind(SyntaxKind.IdentifierToken) || token.Parent is not SimpleNameSyntax name)
            {
                return;
            }

            var invocation = name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access.Parent as InvocationExpressionSyntax,
                MemberBindingExpressionSyntax binding => binding.Parent as InvocationExpressionSyntax,
                InvocationExpressionSyntax direct when direct.Expression == name => direct,
                _ => null,
            };
            if (invocation is not null && CalledName(invocation.Expression) == name.Identifier.ValueText)
            {
                found.Add(invocation);
            }
        }

        private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
    }
}
