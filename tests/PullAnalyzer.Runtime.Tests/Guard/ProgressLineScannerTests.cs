using System.Text;
using Xunit;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>Finding the engine's in-band error in the bytes of a progress stream, however the reads cut them.</summary>
public sealed class ProgressLineScannerTests
{
    private const string Progress = "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"a\"}\n";
    private const string Failure = "{\"errorDetail\":{\"message\":\"unknown blob\"},\"error\":\"unknown blob\"}\n";

    [Fact]
    public void An_error_is_found_at_the_chunk_that_completes_its_line_wherever_the_reads_cut_it()
    {
        var bytes = Encoding.UTF8.GetBytes(Progress + Progress + Failure + Progress);
        var errorEnds = Encoding.UTF8.GetByteCount(Progress + Progress + Failure);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var scanner = new ProgressLineScanner();
            var first = scanner.Scan(bytes.AsSpan(0, cut));
            var second = scanner.Scan(bytes.AsSpan(cut));

            Assert.Equal(cut >= errorEnds ? "unknown blob" : null, first?.Text);
            Assert.Equal(cut >= errorEnds ? null : "unknown blob", second?.Text);
            Assert.Null(scanner.End());
        }
    }

    [Theory]
    [InlineData("{\"stream\":\"echo \\\"error\\\"\\n\"}")]
    [InlineData("{\"stream\":\"error\"}")]
    [InlineData("{\"status\":\"errors: none\"}")]
    [InlineData("{\"error\":\"\"}")]
    [InlineData("[\"error\"]")]
    [InlineData("\"error is not an object\"")]
    [InlineData("{\"error\": broken json")]
    public void A_line_that_only_mentions_an_error_is_no_error(string line) =>
        Assert.Null(new ProgressLineScanner().Scan(Encoding.UTF8.GetBytes(line + "\n")));

    [Fact]
    public void The_message_and_code_of_errorDetail_come_first_and_error_alone_is_enough()
    {
        var detailed = ProgressLineScanner.ErrorOf("{\"errorDetail\":{\"message\":\"detail text\",\"code\":125},\"error\":\"short\"}"u8);
        var plain = ProgressLineScanner.ErrorOf("{\"error\":\"short\"}"u8);

        Assert.Equal(new InBandError("detail text", 125), detailed);
        Assert.Equal(new InBandError("short", null), plain);
    }

    [Fact]
    public void A_last_line_without_a_newline_is_judged_at_the_end()
    {
        var scanner = new ProgressLineScanner();
        Assert.Null(scanner.Scan(Encoding.UTF8.GetBytes(Progress + Failure.TrimEnd('\n'))));
        Assert.Equal("unknown blob", scanner.End()?.Text);
    }
}
