using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
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
        private readonly CancellationToken _cancellationToken;

        public DockerCallSite(Action<Diagnostic> report, CancellationToken cancellationToken, IOperation call, DockerCall docker)
        {
            _report = report;
            _cancellationToken = cancellationToken;
            Call = call;
            Docker = docker;
        }

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
        /// The flow graph of the whole member the call is in, made once per member however many Docker calls it holds
        /// (the semantic model hands every call of a member the same root operation); null for roots a graph cannot be
        /// made of.
        /// </summary>
        public ControlFlowGraph? MemberGraph()
        {
            var root = OperationTree.RootOf(Call);
            var cancellationToken = _cancellationToken;
            return Graphs.GetValue(root, r => new GraphBox(Create(r, cancellationToken))).Graph;
        }

        private static readonly ConditionalWeakTable<IOperation, GraphBox> Graphs = new ConditionalWeakTable<IOperation, GraphBox>();

        private sealed class GraphBox
        {
            public GraphBox(ControlFlowGraph? graph) => Graph = graph;

            public ControlFlowGraph? Graph { get; }
        }

        private static ControlFlowGraph? Create(IOperation root, CancellationToken cancellationToken) => root switch
        {
            IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IConstructorBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IBlockOperation body => ControlFlowGraph.Create(body, cancellationToken),
            IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, cancellationToken),
            _ => null,
        };
    }

    /// <summary>
    /// Finds the Docker.DotNet calls of a compilation for every rule. One pass over each syntax tree, shared by all
    /// rules through the catalogue, keeps only invocations whose called name is one Docker.DotNet declares; only those
    /// get an operation tree, and the decision is made on the resolved symbol by the <see cref="ApiCatalogue"/>.
    /// A semantic-model action per tree (not a callback per invocation) keeps the driver's own cost per rule tiny.
    /// </summary>
    internal static class DockerCallSites
    {
        public static void Register(CompilationStartAnalysisContext start, ApiCatalogue catalogue, Action<DockerCallSite> analyze) =>
            start.RegisterSemanticModelAction(context =>
            {
                foreach (var invocation in CandidateCalls(catalogue, context.SemanticModel.SyntaxTree, context.CancellationToken))
                {
                    var operation = context.SemanticModel.GetOperation(invocation, context.CancellationToken);
                    var tree = context.SemanticModel.SyntaxTree;
                    if (operation is IInvocationOperation call && catalogue.TryClassify(call.TargetMethod, tree, out var docker))
                    {
                        analyze(new DockerCallSite(context.ReportDiagnostic, context.CancellationToken, call, docker));
                    }
                    else if (operation is IInvalidOperation invalid
                        && OneKind(catalogue, context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).CandidateSymbols, tree) is { } candidate)
                    {
                        analyze(new DockerCallSite(context.ReportDiagnostic, context.CancellationToken, invalid, candidate));
                    }
                }
            });

        private static readonly ConditionalWeakTable<ApiCatalogue, ConditionalWeakTable<SyntaxTree, CandidateList>> Candidates =
            new ConditionalWeakTable<ApiCatalogue, ConditionalWeakTable<SyntaxTree, CandidateList>>();

        private sealed class CandidateList
        {
            public CandidateList(ImmutableArray<InvocationExpressionSyntax> calls) => Calls = calls;

            public ImmutableArray<InvocationExpressionSyntax> Calls { get; }
        }

        /// <summary>The calls of a tree that may be Docker calls, found once per tree (and catalogue) for all rules.</summary>
        public static ImmutableArray<InvocationExpressionSyntax> CandidateCalls(ApiCatalogue catalogue, SyntaxTree tree, CancellationToken cancellationToken) =>
            Candidates.GetValue(catalogue, _ => new ConditionalWeakTable<SyntaxTree, CandidateList>())
                .GetValue(tree, t => new CandidateList(Find(t, catalogue.MethodNames, catalogue.IsMethodName, cancellationToken))).Calls;

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

                if (kind is { } first && (first.Role != call.Role || first.Shape != call.Shape || first.IsOperation != call.IsOperation
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
