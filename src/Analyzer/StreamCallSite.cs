using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer
{
    /// <summary>Where a Docker call's result appears in the code, and where its diagnostic goes.</summary>
    internal static class StreamCallSite
    {
        /// <summary>
        /// The operation that carries the stream a call hands back: the <c>await</c> of the call (through
        /// <c>ConfigureAwait</c>), or the call itself when it returns the stream directly. Null when the task is not
        /// awaited where it is made; then PULL003 looks after it.
        /// </summary>
        public static IOperation? StreamValue(IInvocationOperation call, ApiCatalogue catalogue)
        {
            if (catalogue.IsStream(call.Type) || catalogue.IsMultiplexed(call.Type))
            {
                return call;
            }

            return TaskAsUsed(call).Parent as IAwaitOperation;
        }

        /// <summary>The task of a call as the code goes on to use it: the call itself, or its <c>ConfigureAwait(…)</c>.</summary>
        public static IOperation TaskAsUsed(IInvocationOperation call)
        {
            var current = SkipConversions(call);
            if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
            {
                current = SkipConversions(configure);
            }

            return current;
        }

        /// <summary>The name of the called member: one line carries the warning, however the call is wrapped.</summary>
        public static Location DiagnosticLocation(IInvocationOperation call)
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

        /// <summary>Display name used in messages: <c>IImageOperations.BuildImageFromDockerfileAsync</c>.</summary>
        public static string DisplayName(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

        private static IOperation SkipConversions(IOperation operation) => Consumption.DrainDetector.SkipConversions(operation);
    }
}
