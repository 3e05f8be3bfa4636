using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// What one analysis of one Docker call carries through every walk it makes: the analysis context's cancellation
    /// token (in an IDE each keystroke cancels the analysis of the previous text, so no walk may run on after it), and the
    /// callee parameters whose summaries are being worked out, one inside the other. Made per call and never
    /// shared between threads, so the recursion state needs no thread-local storage.
    /// </summary>
    internal sealed class WalkContext
    {
        public WalkContext(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

        public CancellationToken CancellationToken { get; }

        /// <summary>The parameters being summarized, outermost first; a parameter met again is recursion.</summary>
        public HashSet<IParameterSymbol> Summarizing { get; } = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);

        /// <summary>Something unknown (recursion, the depth limit) was met while working out the innermost summary.</summary>
        public bool MetUnknown { get; set; }

        /// <summary>Called at each step of a walk: stops it with <see cref="System.OperationCanceledException"/> once the analysis is cancelled.</summary>
        public void ThrowIfCancelled() => CancellationToken.ThrowIfCancellationRequested();
    }
}
