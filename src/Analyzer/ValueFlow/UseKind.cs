using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>What one use of a tracked stream value does to it.</summary>
    internal enum UseKind
    {
        /// <summary>Looks at the stream, reads part of it outside a loop, or writes into it: it is still owed a read and a dispose.</summary>
        Neutral,
        /// <summary>Reads it to its end: by itself, or as a read in a loop that counts once the loop is left by a test on what it read.</summary>
        Drain,
        /// <summary>Hands it to code that takes responsibility for it (returned, stored, passed on, captured): ours ends.</summary>
        HandedOn,
        /// <summary>Passed to a method of the compilation: the callee's summary decides whether it settles the stream or hands it on.</summary>
        PassedToCallee,
        /// <summary>Disposes or closes it.</summary>
        Dispose,
        /// <summary>The local holding it is assigned another value.</summary>
        Overwrite,
        /// <summary>The value itself is thrown away (expression statement or discard).</summary>
        Discarded,
        /// <summary>
        /// Flows into another value that is followed in its place: a wrapper (a reader, a decompressing stream), the
        /// archive response's <c>Stream</c>, a <c>??</c> or conditional expression.
        /// </summary>
        Flows,
        /// <summary>Stored in one or more locals (a declaration, an assignment, a pattern), whose references are followed.</summary>
        StoredInLocal,
        /// <summary>The resource of a using statement without a declaration: disposed, never readable.</summary>
        UsingResource,
        /// <summary>Used by code that does not bind (a call that fails overload resolution, a name being typed): nothing is known.</summary>
        Unknown,
    }

    /// <summary>One classified use: what happened, where, and the value or locals that carry the stream on.</summary>
    internal readonly struct Use
    {
        private Use(UseKind kind, IOperation site, ImmutableArray<ILocalSymbol> locals, bool isUsingLocal, IOperation? next,
            StreamShape nextShape, bool nextOwnsStream, SyntaxNode? loop)
        {
            Kind = kind;
            Site = site;
            Locals = locals.IsDefault ? ImmutableArray<ILocalSymbol>.Empty : locals;
            IsUsingLocal = isUsingLocal;
            Next = next;
            NextShape = nextShape;
            NextOwnsStream = nextOwnsStream;
            Loop = loop;
        }

        public UseKind Kind { get; }

        /// <summary>The operation whose syntax marks the event for the path analysis.</summary>
        public IOperation Site { get; }

        /// <summary>For <see cref="UseKind.StoredInLocal"/>: the locals that now hold the stream.</summary>
        public ImmutableArray<ILocalSymbol> Locals { get; }

        public bool IsUsingLocal { get; }

        /// <summary>For <see cref="UseKind.Flows"/>: the value that carries the stream on.</summary>
        public IOperation? Next { get; }

        public StreamShape NextShape { get; }

        /// <summary>Whether disposing <see cref="Next"/> disposes the stream (false for a reader made with <c>leaveOpen: true</c>).</summary>
        public bool NextOwnsStream { get; }

        /// <summary>For a <see cref="UseKind.Drain"/> by a partial read: the loop it reads in.</summary>
        public SyntaxNode? Loop { get; }

        public static Use Of(UseKind kind, IOperation site) => new Use(kind, site, default, false, null, default, false, null);

        public static Use ReadInLoop(IOperation site, SyntaxNode loop) => new Use(UseKind.Drain, site, default, false, null, default, false, loop);

        public static Use StoredIn(ILocalSymbol local, bool isUsing, IOperation site) =>
            new Use(UseKind.StoredInLocal, site, ImmutableArray.Create(local), isUsing, null, default, false, null);

        public static Use StoredIn(ImmutableArray<ILocalSymbol> locals, IOperation site) =>
            new Use(UseKind.StoredInLocal, site, locals, false, null, default, false, null);

        public static Use FlowsInto(IOperation next, StreamShape shape, bool ownsStream) =>
            new Use(UseKind.Flows, next, default, false, next, shape, ownsStream, null);
    }
}
