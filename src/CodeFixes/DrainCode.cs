using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Verdicts.Properties;

namespace PullAnalyzer.CodeFixes
{
    /// <summary>
    /// The code a drain fix writes, in the form the place and the language version allow. With the in-band error check
    /// (the default action): PullAnalyzer.Runtime's <c>ProgressStreamDrain.DrainAsync</c> where it is referenced, else
    /// a reader read line by line, failing on a line with an "error" field. Without the check: the plainest read to the
    /// end (<c>CopyToAsync(Stream.Null)</c>). An exec's output: <c>ReadOutputToEndAsync</c>. Where the function cannot
    /// await (the stream was taken with <c>.Result</c> in a synchronous method), the same code blocks on each read with
    /// <c>.GetAwaiter().GetResult()</c>, and the runtime's synchronous <c>ProgressStreamDrain.Drain</c> is used: the
    /// Enhanced client's response streams throw NotSupportedException on synchronous reads, so <c>ReadLine()</c> or
    /// <c>CopyTo</c> would compile and then fail.
    /// </summary>
    internal sealed class DrainCode
    {
        private readonly SemanticModel _model;
        private readonly FixState _state;
        private readonly bool _checkErrors;
        private readonly bool _blocks;
        private readonly RuntimeDrain _runtime;

        /// <param name="blocks">The function cannot await: every read blocks (see the class summary).</param>
        /// <param name="runtime">Which of the runtime's drains the compilation has (the verdict's answer).</param>
        public DrainCode(SemanticModel model, FixState state, bool checkErrors, bool blocks, RuntimeDrain runtime)
        {
            _runtime = runtime;
            _model = model;
            _state = state;
            _checkErrors = checkErrors;
            _blocks = blocks;
        }

        /// <summary>The awaited call, or where the function cannot await, the call blocked on.</summary>
        private string Awaited(string call) => _blocks ? call + ".GetAwaiter().GetResult()" : "await " + call;

        /// <summary>
        /// The statements that read <paramref name="local"/> to its end at <paramref name="at"/>. Where the place is a
        /// block (or a top-level program) and the language is C# 8 or later: a <c>using</c> declaration and a
        /// <c>while (… is { } line)</c> loop; elsewhere (C# 7.3, a switch section, an embedded statement) one statement.
        /// </summary>
        public ImmutableArray<StatementSyntax> ReadToEnd(string local, StreamShape shape, string job, SyntaxNode at, bool inBlock)
        {
            var modern = EditSite.LanguageVersion(at) >= LanguageVersion.CSharp8;
            switch (shape)
            {
                case StreamShape.Multiplexed:
                    return One(Awaited($"{local}.ReadOutputToEndAsync({Token(at)})") + ";");

                case StreamShape.Reader:
                    return One(LineLoop(local, job, at, modern));

                default:
                    if (!_checkErrors)
                    {
                        return One(Awaited($"{local}.CopyToAsync(global::System.IO.Stream.Null{TokenArgument(at, HasCopyToAsyncWithToken())})") + ";");
                    }

                    if (_runtime == RuntimeDrain.AsyncAndBlocking || (_runtime == RuntimeDrain.AsyncOnly && !_blocks))
                    {
                        // The runtime reports every message and fails with the engine's own text.
                        if (_blocks)
                        {
                            return One($"global::{DrainProperties.RuntimeDrainType}.Drain({local}, \"{job}\");");
                        }

                        var token = EditSite.CancellationTokenInScope(_model, at);
                        return One($"await global::{DrainProperties.RuntimeDrainType}.DrainAsync({local}, \"{job}\"{(token is null ? string.Empty : ", cancellationToken: " + token)});");
                    }

                    var reader = _state.FirstFreeName(at, "reader", local + "Reader");
                    if (modern && inBlock)
                    {
                        return ImmutableArray.Create(
                            GeneratedCode.Statement($"using var {reader} = new global::System.IO.StreamReader({local});"),
                            GeneratedCode.Statement(LineLoop(reader, job, at, modern)));
                    }

                    return One($"using (var {reader} = new global::System.IO.StreamReader({local})) {{ {LineLoop(reader, job, at, modern)} }}");
            }
        }

        private static ImmutableArray<StatementSyntax> One(string code) => ImmutableArray.Create(GeneratedCode.Statement(code));

        /// <summary>
        /// One statement (so that it fits anywhere a statement does) that reads the lines until the end. Docker reports a
        /// failure after the 200 as a line with an "error" field (docs/design.md §1, fact 3); the check fails with the
        /// engine's own text.
        /// </summary>
        private string LineLoop(string reader, string job, SyntaxNode at, bool modern)
        {
            var line = _state.UniqueName(at, "line");
            var read = Awaited($"{reader}.ReadLineAsync({TokenForReadLine(at)})");
            if (!_checkErrors)
            {
                return $"while ({read} != null) {{ }}";
            }

            return modern
                ? $"while ({read} is {{ }} {line}) {{ {ErrorCheck(line, job, at, modern)} }}"
                : $"for (var {line} = {read}; {line} != null; {line} = {read}) {{ {ErrorCheck(line, job, at, modern)} }}";
        }

        private string ErrorCheck(string line, string job, SyntaxNode at, bool modern)
        {
            var failure = $"\"The {job} failed: \"";
            if (!EditSite.HasSystemTextJson(_model.Compilation))
            {
                return $"if ({line}.Contains(\"\\\"error\\\"\")) {{ throw new global::System.InvalidOperationException({failure} + {line}); }}";
            }

            var message = _state.UniqueName(at, "message");
            var error = _state.UniqueName(at, "error");
            var throwIfError = $"if ({message}.RootElement.TryGetProperty(\"error\", out var {error})) {{ throw new global::System.InvalidOperationException({failure} + {error}); }}";
            return modern
                ? $"if (string.IsNullOrWhiteSpace({line})) {{ continue; }} using var {message} = global::System.Text.Json.JsonDocument.Parse({line}); {throwIfError}"
                : $"if ({line}.Trim().Length == 0) {{ continue; }} using (var {message} = global::System.Text.Json.JsonDocument.Parse({line})) {{ {throwIfError} }}";
        }

        private string Token(SyntaxNode at) => EditSite.CancellationTokenInScope(_model, at) ?? "global::System.Threading.CancellationToken.None";

        /// <summary>ReadLineAsync(CancellationToken) exists from .NET 7 on; elsewhere the loop reads without one.</summary>
        private string TokenForReadLine(SyntaxNode at) =>
            EditSite.CancellationTokenInScope(_model, at) is { } token && EditSite.HasReadLineAsyncWithToken(_model.Compilation) ? token : string.Empty;

        /// <summary>", token" where a token is in scope and the overload takes one.</summary>
        private string TokenArgument(SyntaxNode at, bool overloadTakesToken) =>
            overloadTakesToken && EditSite.CancellationTokenInScope(_model, at) is { } token ? ", " + token : string.Empty;

        /// <summary><c>Stream.CopyToAsync(Stream, CancellationToken)</c> exists from .NET Core 2.1 on.</summary>
        private bool HasCopyToAsyncWithToken() =>
            _model.Compilation.GetTypeByMetadataName("System.IO.Stream")?.GetMembers("CopyToAsync")
                .OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 2 && m.Parameters[1].Type.Name == "CancellationToken") == true;
    }
}
