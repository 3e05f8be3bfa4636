using Microsoft.CodeAnalysis;
using PullAnalyzer.Catalogue;

namespace PullAnalyzer.Consumption
{
    /// <summary>What one use of a tracked stream value does to it.</summary>
    internal enum UseKind
    {
        /// <summary>Looks at the stream without reading it to its end (one line, a property, a comparison).</summary>
        Neutral,
        /// <summary>Reads it to its end.</summary>
        Drain,
        /// <summary>Hands it to code we do not see (returned, stored, passed on, captured): our responsibility ends.</summary>
        Escape,
        /// <summary>Disposes or closes it.</summary>
        Dispose,
        /// <summary>The local holding it is assigned another value.</summary>
        Overwrite,
        /// <summary>The value itself is thrown away (expression statement or discard).</summary>
        Dropped,
        /// <summary>Wrapped by a reader that does not read by itself; the wrapper is tracked in its place.</summary>
        Wrapped,
        /// <summary>Stored in a local, whose references are tracked.</summary>
        StoredInLocal,
        /// <summary>The resource of a using statement without a declaration: disposed, never readable.</summary>
        UsingResource,
    }

    /// <summary>One classified use: what happened, where, and the value or local that carries the stream on.</summary>
    internal readonly struct Use
    {
        private Use(UseKind kind, IOperation site, ILocalSymbol? local, bool isUsingLocal, IOperation? wrapper, StreamShape wrapperShape)
        {
            Kind = kind;
            Site = site;
            Local = local;
            IsUsingLocal = isUsingLocal;
            Wrapper = wrapper;
            WrapperShape = wrapperShape;
        }

        public UseKind Kind { get; }

        /// <summary>The operation whose syntax marks the event for the path analysis.</summary>
        public IOperation Site { get; }

        public ILocalSymbol? Local { get; }

        public bool IsUsingLocal { get; }

        public IOperation? Wrapper { get; }

        public StreamShape WrapperShape { get; }

        public static Use Of(UseKind kind, IOperation site) => new Use(kind, site, null, false, null, default);

        public static Use StoredIn(ILocalSymbol local, bool isUsing, IOperation site) =>
            new Use(UseKind.StoredInLocal, site, local, isUsing, null, default);

        public static Use WrappedBy(IOperation wrapper, StreamShape shape) =>
            new Use(UseKind.Wrapped, wrapper, null, false, wrapper, shape);
    }
}
