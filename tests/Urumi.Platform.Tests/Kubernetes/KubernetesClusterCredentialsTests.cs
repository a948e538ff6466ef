using System.Text;
using k8s.Models;
using Urumi.ClusterSim.Api;
using Urumi.ClusterSim.Faults;
using Urumi.Domain;
using Urumi.Domain.Stores;
using static Urumi.Platform.Tests.Kubernetes.KubeObjects;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesClusterCredentialsTests : KubernetesTestBase
{
    private const string SecretName = "shop1-credentials";

    private static readonly Dictionary<string, string> Labels = new() { [StoreNaming.LabelStore] = "shop1" };

    [Fact]
    public async Task EnsureCredentialsAsync_NoSecret_CreatesOpaqueSecretWithEveryKey()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);

        var created = await cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None);

        Assert.True(created);
        var secret = Get<V1Secret>(ResourceCatalog.Secrets, Ns, SecretName)!;
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("shop1", secret.Metadata.Labels[StoreNaming.LabelStore]);
        string[] keys = [CredentialKeys.AdminUser, CredentialKeys.AdminPassword, CredentialKeys.AdminEmail, CredentialKeys.DatabasePassword, CredentialKeys.DatabaseRootPassword, CredentialKeys.ApplicationPassword];
        Assert.All(keys, key => Assert.True(secret.Data.ContainsKey(key), key));
    }

    [Fact]
    public async Task EnsureCredentialsAsync_CalledTwice_KeepsFirstPasswordsAndReturnsFalse()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        await cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None);
        var first = await cluster.ReadCredentialsAsync(Ns, SecretName, CancellationToken.None);

        var createdAgain = await cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None);

        var second = await cluster.ReadCredentialsAsync(Ns, SecretName, CancellationToken.None);
        Assert.False(createdAgain);
        Assert.Equal(first!.AdminPassword, second!.AdminPassword);
        Assert.Equal(first.ApplicationPassword, second.ApplicationPassword);
    }

    [Fact]
    public async Task EnsureCredentialsAsync_TwoStores_GeneratesDifferentStrongPasswords()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace("store-a1b");
        Sim.CreateNamespace("store-b2c");

        await cluster.EnsureCredentialsAsync("store-a1b", SecretName, Labels, CancellationToken.None);
        await cluster.EnsureCredentialsAsync("store-b2c", SecretName, Labels, CancellationToken.None);

        var a = (await cluster.ReadCredentialsAsync("store-a1b", SecretName, CancellationToken.None))!;
        var b = (await cluster.ReadCredentialsAsync("store-b2c", SecretName, CancellationToken.None))!;
        Assert.NotEqual(a.AdminPassword, b.AdminPassword);
        Assert.All([a.AdminPassword, b.AdminPassword], p =>
        {
            Assert.True(p.Length >= 24);
            Assert.True(p.All(char.IsAsciiLetterOrDigit));
            Assert.True(p.Distinct().Count() >= 12);
        });
        Assert.Matches("^[A-Za-z0-9]{24}$", a.ApplicationPassword!);
    }

    [Fact]
    public async Task ReadCredentialsAsync_ExistingSecret_DecodesUserEmailAndPasswords()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        await cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None);

        var credentials = await cluster.ReadCredentialsAsync(Ns, SecretName, CancellationToken.None);

        Assert.NotNull(credentials);
        Assert.Equal(CredentialKeys.AdminUserName, credentials.AdminUser);
        Assert.Equal($"admin@{Ns}.invalid", credentials.AdminEmail);
        Assert.Equal(Encoding.UTF8.GetString(Get<V1Secret>(ResourceCatalog.Secrets, Ns, SecretName)!.Data[CredentialKeys.AdminPassword]), credentials.AdminPassword);
    }

    [Fact]
    public async Task ReadCredentialsAsync_SecretWrittenWithStringData_ReadsTheDecodedValues()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        Seed(new V1Secret
        {
            ApiVersion = "v1",
            Kind = V1Secret.KubeKind,
            Metadata = new V1ObjectMeta { Name = SecretName, NamespaceProperty = Ns },
            StringData = new Dictionary<string, string>
            {
                [CredentialKeys.AdminUser] = "admin-by-hand",
                [CredentialKeys.AdminPassword] = "Hand5written",
                [CredentialKeys.AdminEmail] = "ops@example.test",
            },
        });

        var credentials = await cluster.ReadCredentialsAsync(Ns, SecretName, CancellationToken.None);

        Assert.NotNull(credentials);
        Assert.Equal("admin-by-hand", credentials.AdminUser);
        Assert.Equal("Hand5written", credentials.AdminPassword);
        Assert.Equal("ops@example.test", credentials.AdminEmail);
        Assert.Null(credentials.ApplicationPassword);
    }

    [Fact]
    public async Task ReadCredentialsAsync_MissingSecret_ReturnsNull()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);

        var credentials = await cluster.ReadCredentialsAsync(Ns, SecretName, CancellationToken.None);

        Assert.Null(credentials);
    }

    [Fact]
    public async Task EnsureCredentialsAsync_ApiError_ExceptionCarriesNoRequestBody()
    {
        var cluster = CreateCluster();
        Sim.CreateNamespace(Ns);
        using var fault = Sim.Faults.Add(new FaultRule { Kind = FaultKind.ApiError, Verb = "create", Resource = "secrets", StatusCode = 500 });

        var error = await Assert.ThrowsAsync<TransientException>(() => cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None));

        Assert.Null(error.InnerException);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Contains("Internal error occurred: injected fault", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialKeys.AdminPassword, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureCredentialsAsync_NamespaceTerminating_ThrowsPermanentWithApiMessage()
    {
        var cluster = CreateCluster();
        using var block = await StartTerminatingAsync(Ns);

        var error = await Assert.ThrowsAsync<PermanentException>(() => cluster.EnsureCredentialsAsync(Ns, SecretName, Labels, CancellationToken.None));

        Assert.Contains($"create Secret {Ns}/{SecretName} failed with 403 Forbidden", error.Message, StringComparison.Ordinal);
        Assert.Contains("because it is being terminated", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }
}
