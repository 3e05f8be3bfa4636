using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer
{
    /// <summary>One Docker.DotNet call found in the code, with what a rule needs to judge it.</summary>
    internal readonly struct DockerCallSite
    {
        private readonly Action<Diagnostic> _report;
        private readonly CancellationToken _cancellationToken;

        public DockerCallSite(SemanticModel model, Action<Diagnostic> report, CancellationToken cancellationToken, IInvocationOperation call, DockerCall docker)
        {
            Model = model;
            _report = report;
            _cancellationToken = cancellationToken;
            Call = call;
            Docker = docker;
        }

        public SemanticModel Model { get; }

        public IInvocationOperation Call { get; }

        public DockerCall Docker { get; }

        public void Report(Diagnostic diagnostic) => _report(diagnostic);

        /// <summary>The flow graph of the whole member the call is in; null for roots a graph cannot be made of.</summary>
        public ControlFlowGraph? MemberGraph()
        {
            IOperation root = Call;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            return root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, _cancellationToken),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body, _cancellationToken),
                IBlockOperation body => ControlFlowGraph.Create(body, _cancellationToken),
                IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, _cancellationToken),
                IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, _cancellationToken),
                _ => null,
            };
        }
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
                foreach (var invocation in catalogue.CandidateCalls(context.SemanticModel.SyntaxTree, context.CancellationToken))
                {
                    if (context.SemanticModel.GetOperation(invocation, context.CancellationToken) is IInvocationOperation call
                        && catalogue.TryClassify(call.TargetMethod, out var docker))
                    {
                        analyze(new DockerCallSite(context.SemanticModel, context.ReportDiagnostic, context.CancellationToken, call, docker));
                    }
                }
            });

        /// <summary>The invocations of <paramref name="root"/> whose called name is in <paramref name="names"/>.</summary>
        public static ImmutableArray<InvocationExpressionSyntax> Find(SyntaxNode root, Func<string, bool> names)
        {
            var found = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
            foreach (var node in root.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && CalledName(invocation.Expression) is { } name && names(name))
                {
                    found.Add(invocation);
                }
            }

            return found.ToImmutable();
        }

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
    }
}
