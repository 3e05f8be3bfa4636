using System;
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
        private readonly SyntaxNodeAnalysisContext _context;

        public DockerCallSite(SyntaxNodeAnalysisContext context, IInvocationOperation call, DockerCall docker)
        {
            _context = context;
            Call = call;
            Docker = docker;
        }

        public IInvocationOperation Call { get; }

        public DockerCall Docker { get; }

        public void Report(Diagnostic diagnostic) => _context.ReportDiagnostic(diagnostic);

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
                IMethodBodyOperation body => ControlFlowGraph.Create(body, _context.CancellationToken),
                IConstructorBodyOperation body => ControlFlowGraph.Create(body, _context.CancellationToken),
                IBlockOperation body => ControlFlowGraph.Create(body, _context.CancellationToken),
                IFieldInitializerOperation initializer => ControlFlowGraph.Create(initializer, _context.CancellationToken),
                IPropertyInitializerOperation initializer => ControlFlowGraph.Create(initializer, _context.CancellationToken),
                _ => null,
            };
        }
    }

    /// <summary>
    /// Finds the Docker.DotNet calls of a compilation for every rule. A syntax filter on the called name comes first
    /// (only names Docker.DotNet's types declare), so the operation tree is built only around candidate calls, never
    /// for the whole compilation; the decision itself is made on the resolved symbol, by the <see cref="ApiCatalogue"/>.
    /// </summary>
    internal static class DockerCallSites
    {
        public static void Register(CompilationStartAnalysisContext start, ApiCatalogue catalogue, Action<DockerCallSite> analyze) =>
            start.RegisterSyntaxNodeAction(context =>
            {
                var invocation = (InvocationExpressionSyntax)context.Node;
                if (CalledName(invocation.Expression) is not { } name
                    || !catalogue.IsDockerMethodName(name)
                    || context.SemanticModel.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation call
                    || !catalogue.TryClassify(call.TargetMethod, out var docker))
                {
                    return;
                }

                analyze(new DockerCallSite(context, call, docker));
            }, SyntaxKind.InvocationExpression);

        private static string? CalledName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
    }
}
