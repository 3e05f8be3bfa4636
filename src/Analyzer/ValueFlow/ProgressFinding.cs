using Microsoft.CodeAnalysis;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>Why a progress object cannot surface an in-band engine error.</summary>
    internal enum ProgressProblem
    {
        /// <summary><c>null</c>: Docker.DotNet throws NullReferenceException at the first message.</summary>
        Null,
        /// <summary><c>System.Progress&lt;T&gt;</c>: the handler is posted elsewhere.</summary>
        Posted,
        /// <summary>A source type whose Report never reads Error or ErrorMessage.</summary>
        IgnoresError,
    }

    /// <summary>What the progress classifier found about one progress argument; the rule turns it into its message.</summary>
    internal readonly struct ProgressFinding
    {
        public ProgressFinding(ProgressProblem problem, string? typeName = null, bool forwards = false, IMethodSymbol? report = null)
        {
            Problem = problem;
            TypeName = typeName;
            Forwards = forwards;
            Report = report;
        }

        /// <summary>The source type's own <c>Report</c> that ignores the error, where that is the problem (not a forwarded handler).</summary>
        public IMethodSymbol? Report { get; }

        /// <summary>The type only forwards Report to a handler it was given, and that handler is what ignores errors.</summary>
        public bool Forwards { get; }

        public ProgressProblem Problem { get; }

        /// <summary>The progress type's name, for <see cref="ProgressProblem.IgnoresError"/>.</summary>
        public string? TypeName { get; }
    }
}
