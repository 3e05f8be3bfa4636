using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PullAnalyzer.Catalogue;
using PullAnalyzer.Tests.Infrastructure;
using PullAnalyzer.ValueFlow;
using Xunit;

namespace PullAnalyzer.Tests.Model.ValueFlow;

/// <summary>The one table of contracts: what it says of each member, that its names exist in both clients, and ownership.</summary>
public class StreamContractsTests
{
    [Theory]
    [InlineData("CopyToAsync", "Stream", "ReadsToEnd")]
    [InlineData("ReadAsync", "Stream", "ReadsPart")]
    [InlineData("WriteAsync", "Stream", "Writes")]
    [InlineData("DisposeAsync", "Stream", "Disposes")]
    [InlineData("CanRead", "Stream", "Inspects")]
    [InlineData("ReadOutputToEndAsync", "Multiplexed", "ReadsToEnd")]
    [InlineData("CopyOutputToAsync", "Multiplexed", "ReadsToEnd")]
    [InlineData("ReadOutputAsync", "Multiplexed", "ReadsPart")]
    [InlineData("WriteAsync", "Multiplexed", "Writes")]
    [InlineData("CloseWrite", "Multiplexed", "Writes")]
    [InlineData("ReadToEndAsync", "Reader", "ReadsToEnd")]
    [InlineData("ReadLineAsync", "Reader", "ReadsPart")]
    [InlineData("EndOfStream", "Reader", "ReadsPart")]
    [InlineData("Peek", "Reader", "ReadsPart")]
    [InlineData("Close", "Reader", "Disposes")]
    [InlineData("CopyFromAsync", "Multiplexed", "Writes")]
    [InlineData("GetNextEntry", "Archive", "ReadsPart")]
    [InlineData("GetNextEntryAsync", "Archive", "ReadsPart")]
    [InlineData("MoveToNextEntry", "Archive", "ReadsPart")]
    [InlineData("DisposeAsync", "Archive", "Disposes")]
    [InlineData("Entries", "Archive", "Inspects")]
    public void The_table_says_what_each_member_does(string member, string shape, string expected) =>
        Assert.Equal(Enum.Parse<MemberContract>(expected), StreamContracts.Of(member, Enum.Parse<StreamShape>(shape)));

    /// <summary>A member the table names for the exec stream must exist on MultiplexedStream in both clients.</summary>
    [Theory]
    [MemberData(nameof(DockerLibraries.Both), MemberType = typeof(DockerLibraries))]
    public async Task The_exec_stream_members_exist_in_both_clients(DockerLibrary library)
    {
        var harness = await ModelHarness.Compile("class C { }", library);
        var multiplexed = harness.Compilation.GetTypeByMetadataName("Docker.DotNet.MultiplexedStream")!;
        foreach (var name in new[] { "ReadOutputToEndAsync", "CopyOutputToAsync", "ReadOutputAsync", "WriteAsync", "CopyFromAsync", "CloseWrite", "Dispose" })
        {
            Assert.NotEqual(MemberContract.Inspects, StreamContracts.Of(name, StreamShape.Multiplexed));
            Assert.True(multiplexed.GetMembers(name).Any(), $"{name} is not a member of MultiplexedStream in {library}");
        }
    }

    [Theory]
    [InlineData("new StreamReader(s)", true)]
    [InlineData("new StreamReader(s, leaveOpen: false)", true)]
    [InlineData("new StreamReader(s, leaveOpen: true)", false)]
    [InlineData("new StreamReader(s, System.Text.Encoding.UTF8, true, 1024, true)", false)]
    [InlineData("new StreamReader(s, leaveOpen: keep)", true)]
    [InlineData("new BinaryReader(s, System.Text.Encoding.UTF8, leaveOpen: true)", false)]
    [InlineData("new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true)", false)]
    public async Task A_wrapper_owns_the_stream_unless_told_to_leave_it_open(string creation, bool owns)
    {
        var harness = await ModelHarness.Compile($$"""
            class C
            {
                object M(Stream s, bool keep) => {{creation}};
            }
            """);
        var syntax = harness.Model.SyntaxTree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax>().First();
        var operation = (IObjectCreationOperation)harness.Model.GetOperation(syntax)!;

        Assert.NotNull(StreamContracts.WrapperShape(operation, harness.Analysis.Catalogue));
        Assert.Equal(owns, StreamContracts.TakesOwnership(operation));
    }
}
