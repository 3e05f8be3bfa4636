using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.Operations
{
    /// <summary>
    /// The operation trees and flow graphs of one compilation, made once and shared by every part that needs them: the
    /// member analysis of each rule, the callee summaries (which look into helpers in other files) and the progress
    /// classifier (which looks into <c>Report</c> bodies). One semantic model per syntax tree means one operation tree per
    /// member, so a symbol or an operation found by one part is the same object for every other; one graph per member
    /// means a member with many Docker calls, or a helper many calls pass streams to, is made into a graph once.
    /// </summary>
    /// <remarks>
    /// Held by the compilation's shared analysis, which the compilation holds weakly: nothing here outlives it. A graph
    /// whose making is cancelled is not stored (the exception leaves the dictionary as it was), so a later, uncancelled
    /// analysis of the same compilation makes it whole.
    /// </remarks>
    internal sealed class FlowGraphCache
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
        private readonly ConcurrentDictionary<IOperation, GraphBox> _graphs = new ConcurrentDictionary<IOperation, GraphBox>();

        public FlowGraphCache(Compilation compilation) => _compilation = compilation;

        /// <summary>
        /// The semantic model every part uses for <paramref name="tree"/>: the first one offered (the analyzer driver's,
        /// for a tree it hands a rule), or one made from the compilation for a tree only a summary looks into.
        /// </summary>
        public SemanticModel ModelOf(SyntaxTree tree, SemanticModel? offered = null) =>
            _models.GetOrAdd(tree, t => offered is not null && offered.SyntaxTree == t ? offered : NewModel(t));

        /// <summary>The operation tree of a declaration (a method, a constructor, a lambda's body) in the shared model.</summary>
        public IOperation? OperationOf(SyntaxNode declaration, CancellationToken cancellationToken) =>
            ModelOf(declaration.SyntaxTree).GetOperation(declaration, cancellationToken);

        /// <summary>
        /// The flow graph of the member whose operation tree has <paramref name="root"/> as its root; null for roots a graph
        /// cannot be made of (an attribute argument, a parameter default).
        /// </summary>
        public ControlFlowGraph? GraphOf(IOperation root, CancellationToken cancellationToken)
        {
            if (_graphs.TryGetValue(root, out var known))
            {
                return known.Graph;
            }

            // Made outside GetOrAdd's factory so that the token is this caller's; a race makes the same graph twice.
            var made = new GraphBox(Create(root, cancellationToken));
            return _graphs.GetOrAdd(root, made).Graph;
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

        private SemanticModel NewModel(SyntaxTree tree)
        {
            // The one place a model is made outside the driver: a summary or a Report body is usually in another file than
            // the Docker call, and the driver hands a rule only the model of the file it analyzes.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() within a diagnostic analyzer
            return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        private sealed class GraphBox
        {
            public GraphBox(ControlFlowGraph? graph) => Graph = graph;

            public ControlFlowGraph? Graph { get; }
        }
    }
}
