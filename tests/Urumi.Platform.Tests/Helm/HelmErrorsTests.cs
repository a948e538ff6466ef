using Urumi.Domain;
using Urumi.Platform.Helm;

namespace Urumi.Platform.Tests.Helm;

/// <summary>stderr samples of helm v4 → transient or permanent, with the operator message.</summary>
public sealed class HelmErrorsTests
{
    private const string What = "helm upgrade of release 'shop-a' in namespace 'store-shop-a'";

    [Theory]
    [InlineData("Error: query: failed to query with labels: Internal error occurred: etcdserver: leader changed", "query: failed to query with labels: Internal error occurred: etcdserver: leader changed")]
    [InlineData("Error: unable to continue with install: could not get information about the resource NetworkPolicy \"a\" in namespace \"b\": Internal error occurred: resource quota evaluation timed out", "Internal error occurred")]
    [InlineData("Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress", "UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress")]
    [InlineData("Error: kubernetes cluster unreachable: Get \"https://127.0.0.1:6443/version\": dial tcp 127.0.0.1:6443: connect: connection refused", "kubernetes cluster unreachable: Get \"https://127.0.0.1:6443/version\": dial tcp 127.0.0.1:6443: connect: connection refused")]
    [InlineData("Error: Get \"https://10.0.0.1:6443/api/v1/namespaces/store-a/secrets\": dial tcp 10.0.0.1:6443: i/o timeout", "i/o timeout")]
    [InlineData("Error: Get \"https://k8s.example:6443/version\": net/http: TLS handshake timeout", "TLS handshake timeout")]
    [InlineData("Error: the server is currently unable to handle the request (get secrets)", "the server is currently unable to handle the request")]
    [InlineData("Error: create: failed to create: the server has received too many requests and has asked us to try again later (post secrets) Too Many Requests", "Too Many Requests")]
    [InlineData("Error: UPGRADE FAILED: the server responded with the status code 429 but did not return more information", "status code 429")]
    [InlineData("Error: create: failed to create: etcdserver: request timed out", "etcdserver: request timed out")]
    [InlineData("Error: Get \"https://127.0.0.1:6443/api/v1/namespaces/a/secrets?labelSelector=owner%3Dhelm\": EOF", "EOF")]
    [InlineData("Error: read tcp 10.0.0.5:51234->10.0.0.1:6443: read: connection reset by peer", "connection reset by peer")]
    [InlineData("Error: Get \"https://127.0.0.1:6443/api/v1/namespaces/a/secrets\": context deadline exceeded", "context deadline exceeded")]
    [InlineData("Error: INSTALLATION FAILED: Patch \"https://127.0.0.1:6443/apis/apps/v1/namespaces/a/deployments/a-wordpress?fieldManager=helm\": unexpected EOF", "unexpected EOF")]
    public void ToException_TransientStderr_ReturnsTransientWithReason(string stderr, string reasonPart)
    {
        var error = HelmErrors.ToException(What, 1, stderr + "\n");

        var transient = Assert.IsType<TransientException>(error);
        Assert.StartsWith(What, transient.Message, StringComparison.Ordinal);
        Assert.Contains(reasonPart, transient.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Error:", transient.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Error: execution error at (mini-store/templates/wordpress.yaml:45:27): existingSecret is required", "execution error at (mini-store/templates/wordpress.yaml:45:27): existingSecret is required")]
    [InlineData("Error: INSTALLATION FAILED: template: mini-store/templates/wordpress.yaml:12:3: executing \"x\" at <.Values.nope.x>: nil pointer evaluating interface {}.x", "INSTALLATION FAILED: template: mini-store/templates/wordpress.yaml:12:3")]
    [InlineData("Error: UPGRADE FAILED: secrets is forbidden: User \"system:serviceaccount:urumi:urumi\" cannot list resource \"secrets\" in API group \"\" in the namespace \"store-a\"", "secrets is forbidden")]
    [InlineData("Error: values don't meet the specifications of the schema(s) in the following chart(s):\nmini-store:\n- at '': additional properties 'unexpected' not allowed", "values don't meet the specifications of the schema(s)")]
    [InlineData("Error: INSTALLATION FAILED: path \"/charts/nope\" not found", "INSTALLATION FAILED: path \"/charts/nope\" not found")]
    [InlineData("Error: UPGRADE FAILED: release shop-a failed, and has been rolled back due to rollback-on-failure being set: context deadline exceeded", "rolled back due to rollback-on-failure")]
    [InlineData("Error: INSTALLATION FAILED: release shop-a failed, and has been uninstalled due to rollback-on-failure being set: resource Deployment/store-a/shop-a-wordpress not ready. status: InProgress, message: Available: 0/1", "resource Deployment/store-a/shop-a-wordpress not ready")]
    [InlineData("Error: release: not found", "release: not found")]
    [InlineData("Error: unknown flag: --atomic", "unknown flag: --atomic")]
    [InlineData("Error: parse error at (mini-store/templates/wordpress.yaml:429): unexpected EOF", "wordpress.yaml:429): unexpected EOF")]
    [InlineData("Error: INSTALLATION FAILED: YAML parse error on mini-store/templates/x.yaml: error converting YAML to JSON: yaml: line 429: could not find expected ':'", "yaml: line 429")]
    public void ToException_PermanentStderr_ReturnsPermanentWithReason(string stderr, string reasonPart)
    {
        var error = HelmErrors.ToException(What, 1, stderr + "\n");

        var permanent = Assert.IsType<PermanentException>(error);
        Assert.Equal($"{What} failed (exit code 1): {HelmErrors.CleanReason(stderr)}", permanent.Message);
        Assert.Contains(reasonPart, permanent.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(137)]
    [InlineData(143)]
    public void ToException_KilledBySignal_ReturnsTransient(int exitCode)
    {
        var error = HelmErrors.ToException(What, exitCode, "");

        var transient = Assert.IsType<TransientException>(error);
        Assert.Contains("killed by a signal", transient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CleanReason_WarningsAndHints_KeepsOnlyTheErrorLine()
    {
        const string Stderr = "level=WARN msg=\"missing required values\" message=\"x\"\nError: execution error at (t.yaml:1:2): x is required\n\nUse --debug flag to render out invalid YAML\n";

        var reason = HelmErrors.CleanReason(Stderr);

        Assert.Equal("execution error at (t.yaml:1:2): x is required", reason);
    }

    [Fact]
    public void CleanReason_VeryLongError_IsShortened()
    {
        var reason = HelmErrors.CleanReason("Error: " + new string('x', 5000));

        Assert.Equal(300, reason.Length);
        Assert.EndsWith("…", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ToException_ReasonContainsAValue_RedactsIt()
    {
        const string Stderr = "Error: INSTALLATION FAILED: Ingress \"shop-a-wordpress\" is invalid: spec.rules[0].host: Invalid value: \"Bad_Host.example\": a lowercase RFC 1123 subdomain must consist of...";

        var error = HelmErrors.ToException(What, 1, Stderr, ["Bad_Host.example"]);

        Assert.DoesNotContain("Bad_Host.example", error.Message, StringComparison.Ordinal);
        Assert.Contains("Invalid value: \"[value]\"", error.Message, StringComparison.Ordinal);
    }
}
