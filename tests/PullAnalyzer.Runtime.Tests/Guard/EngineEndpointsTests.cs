using Xunit;

namespace PullAnalyzer.Runtime.Tests.Guard;

/// <summary>The guard's catalogue of engine endpoints, and the spelling of image references it compares.</summary>
public sealed class EngineEndpointsTests
{
    [Theory]
    [InlineData("POST", "/v1.44/build?t=app:1&t=app:latest&buildargs=%7B%22TOKEN%22%3A%22s%22%7D", "Progress", "build", "POST /build", "app:1|app:latest")]
    [InlineData("POST", "/images/create?fromImage=127.0.0.1%3A5001%2Fbusybox&tag=broken", "Progress", "pull", "POST /images/create", "127.0.0.1:5001/busybox:broken")]
    [InlineData("POST", "/v1.41/images/create?fromImage=busybox", "Progress", "pull", "POST /images/create", "busybox:latest")]
    [InlineData("POST", "/v1.41/images/create?fromSrc=-&repo=app&tag=2", "Progress", "import", "POST /images/create", "app:2")]
    [InlineData("POST", "/v1.41/images/127.0.0.1:5000/busybox/push?tag=1", "Progress", "push", "POST /images/{id}/push", "")]
    [InlineData("POST", "/v1.41/images/load?quiet=false", "Progress", "load", "POST /images/load", "")]
    [InlineData("POST", "/v1.41/plugins/pull?remote=vieux/sshfs", "Progress", "plugin install", "POST /plugins/pull", "")]
    [InlineData("POST", "/v1.41/plugins/vieux%2Fsshfs/upgrade", "Progress", "plugin upgrade", "POST /plugins/{id}/upgrade", "")]
    [InlineData("POST", "/v1.41/exec/e1/start", "HijackedCompletion", "exec", "POST /exec/{id}/start", "")]
    [InlineData("POST", "/v1.41/containers/c1/attach?stream=1", "HijackedData", "attach", "POST /containers/{id}/attach", "")]
    [InlineData("GET", "/v1.41/containers/c1/logs?stdout=1", "Data", "logs", "GET /containers/{id}/logs", "")]
    [InlineData("GET", "/v1.41/services/s1/logs", "Data", "logs", "GET /services/{id}/logs", "")]
    [InlineData("GET", "/v1.41/containers/c1/export", "Data", "export", "GET /containers/{id}/export", "")]
    [InlineData("GET", "/v1.41/images/get?names=a", "Data", "save", "GET /images/get", "")]
    [InlineData("GET", "/v1.41/images/busybox/get", "Data", "save", "GET /images/{id}/get", "")]
    [InlineData("GET", "/v1.41/containers/c1/archive?path=/etc", "Data", "archive", "GET /containers/{id}/archive", "")]
    [InlineData("HEAD", "/v1.41/containers/c1/archive?path=/etc", "None", "request", "HEAD /containers/{id}/archive", "")]
    [InlineData("GET", "/v1.41/containers/c1/stats", "Data", "stats", "GET /containers/{id}/stats", "")]
    [InlineData("GET", "/v1.41/events", "Data", "events", "GET /events", "")]
    [InlineData("GET", "/v1.41/containers/json", "None", "request", "GET /containers/json", "")]
    [InlineData("GET", "/v1.41/exec/e1/json", "None", "exec inspect", "GET /exec/{id}/json", "")]
    [InlineData("POST", "/v1.41/containers/create?name=web", "None", "create", "POST /containers/create", "")]
    public void Each_endpoint_is_followed_as_its_shape(string method, string path, string shape, string job, string endpoint, string produces)
    {
        var request = EngineEndpoints.Classify(new HttpMethod(method), new Uri("http://engine" + path));

        Assert.Equal(shape, request.Shape.ToString());
        Assert.Equal(job, request.Job);
        Assert.Equal(endpoint, request.Endpoint);
        Assert.Equal(produces, string.Join("|", request.Produces));
    }

    [Fact]
    public void The_requests_that_depend_on_a_job_say_on_which()
    {
        Assert.True(EngineEndpoints.Classify(HttpMethod.Post, new Uri("http://engine/containers/create")).NeedsImage);
        Assert.Equal("e1", EngineEndpoints.Classify(HttpMethod.Get, new Uri("http://engine/exec/e1/json")).ExecId);
        Assert.Equal("127.0.0.1:5000/busybox:1", EngineEndpoints.Classify(HttpMethod.Post, new Uri("http://engine/images/127.0.0.1:5000/busybox/push?tag=1")).Pushes);
        Assert.Equal("busybox:1", EngineEndpoints.ImageOfCreate("{\"Image\":\"docker.io/library/busybox:1\",\"Cmd\":[\"true\"]}"));
        Assert.Null(EngineEndpoints.ImageOfCreate("{\"Cmd\":[\"true\"]}"));
        Assert.Null(EngineEndpoints.ImageOfCreate("not json"));
    }

    [Theory]
    [InlineData("busybox", "busybox:latest")]
    [InlineData("library/busybox:1", "busybox:1")]
    [InlineData("docker.io/library/busybox:1", "busybox:1")]
    [InlineData("docker.io/acme/app", "acme/app:latest")]
    [InlineData("127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox:latest")]
    [InlineData("127.0.0.1:5000/busybox:1", "127.0.0.1:5000/busybox:1")]
    [InlineData("busybox@sha256:abc", "busybox@sha256:abc")]
    public void Image_references_have_one_spelling(string reference, string normalised) =>
        Assert.Equal(normalised, ImageReferences.Normalize(reference));
}
