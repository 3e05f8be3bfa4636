using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>How the inserted drain looks: the loop over a reader, with or without the in-band error check.</summary>
    internal sealed class DrainCode
    {
        private readonly SemanticModel _model;
        private readonly FixState _state;
        private readonly bool _checkErrors;

        public DrainCode(SemanticModel model, FixState state, bool checkErrors)
        {
            _model = model;
            _state = state;
            _checkErrors = checkErrors;
        }

        /// <summary><c>await stream.ReadOutputToEndAsync(token);</c> for an exec or other multiplexed stream.</summary>
        public StatementSyntax ReadMultiplexedToEnd(string stream, SyntaxNode at) =>
            Statement($"await {stream}.ReadOutputToEndAsync({Token(at)});");

        /// <summary>A reader over <paramref name="stream"/>, read line by line to its end, in one using statement.</summary>
        public StatementSyntax ReadStreamToEnd(string stream, string activity, SyntaxNode at)
        {
            var reader = _state.UniqueName(at, stream + "Reader");
            return Statement($"using (var {reader} = new global::System.IO.StreamReader({stream})) {{ {LineLoop(reader, activity, at)} }}");
        }

        /// <summary>The rest of an existing reader, read line by line to its end.</summary>
        public StatementSyntax ReadReaderToEnd(string reader, string activity, SyntaxNode at) => Statement(LineLoop(reader, activity, at));

        /// <summary>
        /// One statement (so that it fits anywhere a statement does, C# 7.3 included): a for loop over the lines until
        /// null. Docker reports a failure after the 200 as a line with an "error" field (docs/design.md §1, fact 3); the check
        /// fails with the engine's own text.
        /// </summary>
        private string LineLoop(string reader, string activity, SyntaxNode at)
        {
            var line = _state.UniqueName(at, "line");
            var token = Token(at, forReadLine: true);
            var read = $"await {reader}.ReadLineAsync({token})";
            var body = _checkErrors ? ErrorCheck(line, activity, at) : string.Empty;
            return $"for (var {line} = {read}; {line} != null; {line} = {read}) {{ {body} }}";
        }

        private string ErrorCheck(string line, string activity, SyntaxNode at)
        {
            var failure = $"\"The {activity} failed: \"";
            if (!FixContext.HasSystemTextJson(_model.Compilation))
            {
                return $"if ({line}.Contains(\"\\\"error\\\"\")) {{ throw new global::System.InvalidOperationException({failure} + {line}); }}";
            }

            var message = _state.UniqueName(at, "message");
            var error = _state.UniqueName(at, "error");
            return $"if ({line}.Trim().Length == 0) {{ continue; }} " +
                   $"using (var {message} = global::System.Text.Json.JsonDocument.Parse({line})) {{ " +
                   $"if ({message}.RootElement.TryGetProperty(\"error\", out var {error})) {{ throw new global::System.InvalidOperationException({failure} + {error}.ToString()); }} }}";
        }

        private string Token(SyntaxNode at, bool forReadLine = false)
        {
            var token = FixContext.CancellationTokenInScope(_model, at);
            if (forReadLine)
            {
                // ReadLineAsync(CancellationToken) exists from .NET 7 on; elsewhere the loop reads without one.
                return token is not null && FixContext.HasReadLineAsyncWithToken(_model.Compilation) ? token : string.Empty;
            }

            return token ?? "global::System.Threading.CancellationToken.None";
        }

        /// <summary>
        /// Parses generated code with elastic whitespace, so that the formatter lays it out in the surrounding style,
        /// and marks its fully qualified names for the simplifier (which shortens them where a using directive allows).
        /// </summary>
        public static StatementSyntax Statement(string code) =>
            Generated(SyntaxFactory.ParseStatement(code)).WithTrailingTrivia(SyntaxFactory.ElasticMarker);

        public static T Generated<T>(T node)
            where T : SyntaxNode =>
            Annotated(node.NormalizeWhitespace(elasticTrivia: true));

        /// <summary>
        /// Code laid out as written (its line breaks and blank lines kept; the formatter only indents it), with its fully
        /// qualified names marked for the simplifier.
        /// </summary>
        public static T Annotated<T>(T node)
            where T : SyntaxNode =>
            node.ReplaceNodes(node.DescendantNodes().Where(IsQualified), (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
                .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

        private static bool IsQualified(SyntaxNode node) =>
            node is QualifiedNameSyntax or AliasQualifiedNameSyntax or MemberAccessExpressionSyntax;
    }
}
