using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PullAnalyzer.ValueFlow
{
    /// <summary>
    /// Names being typed as arguments: an argument that is a name that does not bind (<c>Helper(outp</c>). Such a name may
    /// be about to name a stream or task local of the function, and then what happens to that value is not known yet. A
    /// local could be the name when it comes before the name, in the local's scope, and the call being typed takes a value of the local's type
    /// at that argument (or the call's candidates are unknown). A parameter of type <c>object</c> takes anything, so it
    /// says nothing (<c>Console.WriteLine(undefinedValue)</c> beside a stream is broken code elsewhere, not the stream's).
    /// Found once per function.
    /// </summary>
    internal static class TypedNames
    {
        private static readonly ConditionalWeakTable<IOperation, List<TypedName>> Cache = new ConditionalWeakTable<IOperation, List<TypedName>>();

        /// <summary>One argument being typed: where it is, and the types the call's candidates take there (default: anything).</summary>
        private readonly struct TypedName
        {
            public TypedName(int position, ImmutableArray<ITypeSymbol> accepted)
            {
                Position = position;
                Accepted = accepted;
            }

            public int Position { get; }

            public ImmutableArray<ITypeSymbol> Accepted { get; }
        }

        /// <summary>Whether a name being typed in <paramref name="function"/> after <paramref name="after"/> may be <paramref name="local"/>.</summary>
        public static bool MayName(IOperation function, ILocalSymbol local, int after, Compilation compilation, WalkContext walk)
        {
            var names = Cache.GetValue(function, f => Find(f, walk));
            if (names.Count == 0)
            {
                return false;
            }

            // Only where the local can be named: the block (or switch section, or program) that declares it.
            var scope = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(walk.CancellationToken)
                .Ancestors().FirstOrDefault(node => node is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
            foreach (var typed in names)
            {
                if (typed.Position > after && (scope is null || scope.Span.Contains(typed.Position))
                    && (typed.Accepted.IsDefault || typed.Accepted.Any(type => type.SpecialType != SpecialType.System_Object
                        && type.TypeKind != TypeKind.Dynamic && compilation.ClassifyCommonConversion(local.Type, type).IsImplicit)))
                {
                    return true;
                }
            }

            return false;
        }

        private static List<TypedName> Find(IOperation function, WalkContext walk)
        {
            var found = new List<TypedName>();
            foreach (var operation in function.DescendantsAndSelf())
            {
                walk.ThrowIfCancelled();
                if (operation is IInvalidOperation { Syntax: IdentifierNameSyntax { Parent: ArgumentSyntax argument } name })
                {
                    found.Add(new TypedName(name.SpanStart, Accepted(argument, operation.SemanticModel)));
                }
            }

            return found;
        }

        /// <summary>The types the candidates of the call around <paramref name="argument"/> take there; default when unknown.</summary>
        private static ImmutableArray<ITypeSymbol> Accepted(ArgumentSyntax argument, SemanticModel? model)
        {
            if (model is null || argument.Parent is not BaseArgumentListSyntax { Parent: { } call } list)
            {
                return default;
            }

            var candidates = model.GetSymbolInfo(call).CandidateSymbols.OfType<IMethodSymbol>().ToList();
            if (candidates.Count == 0)
            {
                return default;
            }

            var index = list.Arguments.IndexOf(argument);
            var types = ImmutableArray.CreateBuilder<ITypeSymbol>();
            foreach (var candidate in candidates)
            {
                var parameter = argument.NameColon is { } named
                    ? candidate.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                    : index < candidate.Parameters.Length ? candidate.Parameters[index]
                    : candidate.Parameters.LastOrDefault(p => p.IsParams);
                if (parameter is null)
                {
                    continue;
                }

                types.Add(parameter.Type);
                if (parameter.IsParams && parameter.Type is IArrayTypeSymbol array)
                {
                    types.Add(array.ElementType);
                }
            }

            return types.ToImmutable();
        }
    }
}
