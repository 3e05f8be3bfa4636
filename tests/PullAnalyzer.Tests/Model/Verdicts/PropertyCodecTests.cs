using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Verdicts.Properties;
using Xunit;

namespace PullAnalyzer.Tests.Model.Verdicts;

/// <summary>
/// Each property codec on its own: what the analyzer writes into <see cref="Diagnostic.Properties"/> is what the fix
/// reads back, and a diagnostic that carries nothing (an older analyzer, a hand-made one) decodes to "no fix".
/// </summary>
public class PropertyCodecTests
{
    private static readonly SyntaxTree Tree = CSharpSyntaxTree.ParseText("""
        class C
        {
            async System.Threading.Tasks.Task M(dynamic client)
            {
                var output = await client.Build();
                client.Push(null);
            }

            void Report(object value) { }
        }
        """);

    private static T Node<T>(Func<T, bool>? where = null)
        where T : SyntaxNode => Tree.GetRoot().DescendantNodes().OfType<T>().First(node => where?.Invoke(node) ?? true);

    private static Diagnostic With(ImmutableDictionary<string, string?> properties) =>
        Diagnostic.Create(new DiagnosticDescriptor("TEST", "t", "m", "c", DiagnosticSeverity.Warning, true), Location.None, properties);

    private static readonly Diagnostic Empty = With(ImmutableDictionary<string, string?>.Empty);

    [Theory]
    [InlineData("Stream", false)]
    [InlineData("Multiplexed", true)]
    [InlineData("Container", false)]
    public void Stream_properties_round_trip(string shapeName, bool blocks)
    {
        var shape = Enum.Parse<StreamShape>(shapeName);
        var stream = Node<AwaitExpressionSyntax>();
        var diagnostic = With(StreamProperties.Encode(shape, stream, blocks).ToImmutable());
        Assert.Equal(shape, StreamProperties.Shape(diagnostic));
        Assert.Equal(stream.Span, StreamProperties.Stream(diagnostic));
        Assert.Equal(blocks, StreamProperties.Blocks(diagnostic));

        Assert.Null(StreamProperties.Stream(Empty));
        Assert.False(StreamProperties.Blocks(Empty));
    }

    [Fact]
    public void Drain_properties_round_trip_with_their_points()
    {
        var points = ImmutableArray.Create(
            new DrainPoint(DrainPointKind.Before, new TextSpan(10, 7), "output", StreamShape.Stream),
            new DrainPoint(DrainPointKind.Else, new TextSpan(40, 12), "reader2", StreamShape.Reader));
        var stream = StreamProperties.Encode(StreamShape.Stream, Node<AwaitExpressionSyntax>(), blocks: false);
        var diagnostic = With(DrainProperties.Encode(stream, DrainForm.AtPoints, "plugin install", points, RuntimeDrain.AsyncAndBlocking));

        Assert.Equal(DrainForm.AtPoints, DrainProperties.Form(diagnostic));
        Assert.Equal("plugin install", DrainProperties.Job(diagnostic));
        Assert.Equal(points.Select(Describe), DrainProperties.Points(diagnostic).Select(Describe));
        Assert.Equal(RuntimeDrain.AsyncAndBlocking, DrainProperties.Runtime(diagnostic));

        Assert.Equal(DrainForm.None, DrainProperties.Form(Empty));
        Assert.Equal(JobTable.Unnamed, DrainProperties.Job(Empty));
        Assert.Empty(DrainProperties.Points(Empty));
        Assert.Equal(RuntimeDrain.None, DrainProperties.Runtime(Empty));
    }

    private static string Describe(DrainPoint point) => $"{point.Kind} {point.Target} {point.Local} {point.Shape}";

    [Theory]
    [InlineData("")]
    [InlineData("Before,1,2")]
    [InlineData("Sideways,1,2,output,Stream")]
    [InlineData("Before,x,2,output,Stream")]
    [InlineData("Before,1,2,output,Sideways")]
    public void Drain_points_that_are_not_of_the_form_decode_to_none(string value) => Assert.Empty(DrainPoint.Decode(value));

    [Fact]
    public void Dispose_properties_round_trip()
    {
        var diagnostic = With(DisposeProperties.Encode(StreamProperties.Encode(StreamShape.Container, Node<AwaitExpressionSyntax>(), blocks: true), DisposeForm.ResponseStreamStatement));
        Assert.Equal(DisposeForm.ResponseStreamStatement, DisposeProperties.Form(diagnostic));
        Assert.Equal(StreamShape.Container, StreamProperties.Shape(diagnostic));
        Assert.True(StreamProperties.Blocks(diagnostic));
        Assert.Equal(DisposeForm.None, DisposeProperties.Form(Empty));
    }

    [Theory]
    [InlineData("Statement", false)]
    [InlineData("Local", true)]
    public void Await_properties_round_trip(string formName, bool blocks)
    {
        var form = Enum.Parse<AwaitForm>(formName);
        var task = Node<InvocationExpressionSyntax>(call => call.ToString() == "client.Push(null)");
        var diagnostic = With(AwaitProperties.Encode(form, task, blocks));
        Assert.Equal(form, AwaitProperties.Form(diagnostic));
        Assert.Equal(task.Span, AwaitProperties.Task(diagnostic));
        Assert.Equal(blocks, AwaitProperties.Blocks(diagnostic));
        Assert.Equal(AwaitForm.None, AwaitProperties.Form(Empty));
        Assert.Null(AwaitProperties.Task(Empty));
    }

    [Theory]
    [InlineData("Runtime", true, true, true)]
    [InlineData("HelperInAsyncExpressionBody", false, false, false)]
    public void Progress_properties_round_trip(string formName, bool keepsProgress, bool awaitsCall, bool withReport)
    {
        var form = Enum.Parse<ProgressFixForm>(formName);
        var argument = Node<ArgumentSyntax>();
        var task = Node<InvocationExpressionSyntax>(call => call.ToString() == "client.Push(null)");
        var report = withReport ? Node<MethodDeclarationSyntax>(method => method.Identifier.ValueText == "Report") : null;
        var diagnostic = With(ProgressProperties.Encode(argument, keepsProgress, "push", form, awaitsCall, task, report));

        Assert.Equal(argument.Span, ProgressProperties.Argument(diagnostic));
        Assert.Equal(keepsProgress, ProgressProperties.KeepsProgress(diagnostic));
        Assert.Equal("push", ProgressProperties.Job(diagnostic));
        Assert.Equal(form, ProgressProperties.Form(diagnostic));
        Assert.Equal(awaitsCall, ProgressProperties.AwaitsCall(diagnostic));
        Assert.Equal(task.Span, ProgressProperties.Task(diagnostic));
        Assert.Equal(report?.Span, ProgressProperties.Report(diagnostic));

        Assert.Equal(ProgressFixForm.None, ProgressProperties.Form(Empty));
        Assert.Equal(JobTable.Unnamed, ProgressProperties.Job(Empty));
    }

    [Theory]
    [InlineData("12,5", 12, 5)]
    [InlineData("0,0", 0, 0)]
    public void A_span_round_trips(string value, int start, int length)
    {
        var diagnostic = With(ImmutableDictionary<string, string?>.Empty.Add("k", value));
        Assert.Equal(new TextSpan(start, length), SpanProperty.Decode(diagnostic, "k"));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("-1,5")]
    [InlineData("a,b")]
    public void A_span_that_is_not_of_the_form_decodes_to_none(string value) =>
        Assert.Null(SpanProperty.Decode(With(ImmutableDictionary<string, string?>.Empty.Add("k", value)), "k"));
}
