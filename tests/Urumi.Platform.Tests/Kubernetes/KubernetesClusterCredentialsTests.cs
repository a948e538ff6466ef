using k8s.Models;
using Urumi.Domain.Stores;

namespace Urumi.Platform.Tests.Kubernetes;

public sealed class KubernetesClusterCredentialsTests : KubernetesTestBase
{
    private const string SecretName = "shop1-credentials";

    private static readonly Dictionary<string, string> Labels = new() { [StoreNaming.LabelStore] = "shop1" };

    [Fact]
    public async Task EnsureCredentialsAsync_NoSecret_CreatesOpaqueSecretWithEveryKey()
    {
        var cluster = CreateCluster();
        Api.Put(KubeObjects.Namespace(KubeObjects.Ns));

        var created = await cluster.EnsureCredentialsAsync(KubeObjects.Ns, SecretName, Labels, CancellationToken.None);

        Assert.True(created);
        var secret = Api.Get<V1Secret>(KubeObjects.Ns, SecretName)!;
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("shop1", secret.Metadata.Labels[StoreNaming.LabelStore]);
        string[] keys = [CredentialKeys.AdminUser, CredentialKeys.AdminPassword, CredentialKeys.AdminEmail, CredentialKeys.DatabasePassword, CredentialKeys.DatabaseRootPassword, CredentialKeys.ApplicationPassword];
        Assert.All(keys, key => Assert.True(secret.Data.ContainsKey(key), key));
    }

    [Fact]
    public async Task EnsureCredentialsAsync_CalledTwice_KeepsFirstPasswordsAndReturnsFalse()
    {
        var cluster = CreateCluster();
        Api.Put(KubeObjects.Namespace(KubeObjects.Ns));
        await cluster.EnsureCredentialsAsync(KubeObjects.Ns, SecretName, Labels, CancellationToken.None);
        var first = await cluster.ReadCredentialsAsync(KubeObjects.Ns, SecretName, CancellationToken.None);

        var createdAgain = await cluster.EnsureCredentialsAsync(KubeObjects.Ns, SecretName, Labels, CancellationToken.None);

        var second = await cluster.ReadCredentialsAsync(KubeObjects.Ns, SecretName, CancellationToken.None);
        Assert.False(createdAgain);
        Assert.Equal(first!.AdminPassword, second!.AdminPassword);
        Assert.Equal(first.ApplicationPassword, second.ApplicationPassword);
    }

    [Fact]
    public async Task EnsureCredentialsAsync_TwoStores_GeneratesDifferentStrongPasswords()
    {
        var cluster = CreateCluster();
        Api.Put(KubeObjects.Namespace("store-a1b"));
        Api.Put(KubeObjects.Namespace("store-b2c"));

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
        Api.Put(KubeObjects.Namespace(KubeObjects.Ns));
        await cluster.EnsureCredentialsAsync(KubeObjects.Ns, SecretName, Labels, CancellationToken.None);

        var credentials = await cluster.ReadCredentialsAsync(KubeObjects.Ns, SecretName, CancellationToken.None);

        Assert.NotNull(credentials);
        Assert.Equal(CredentialKeys.AdminUserName, credentials.AdminUser);
        Assert.Equal($"admin@{KubeObjects.Ns}.invalid", credentials.AdminEmail);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(Api.Get<V1Secret>(KubeObjects.Ns, SecretName)!.Data[CredentialKeys.AdminPassword]), credentials.AdminPassword);
    }

    [Fact]
    public async Task ReadCredentialsAsync_MissingSecret_ReturnsNull()
    {
        var cluster = CreateCluster();
        Api.Put(KubeObjects.Namespace(KubeObjects.Ns));

        var credentials = await cluster.ReadCredentialsAsync(KubeObjects.Ns, SecretName, CancellationToken.None);

        Assert.Null(credentials);
    }

    [Fact]
    public async Task EnsureCredentialsAsync_ApiError_ExceptionCarriesNoRequestBody()
    {
        var cluster = CreateCluster();
        Api.Put(KubeObjects.Namespace(KubeObjects.Ns));
        Api.FailNext("POST", "/secrets", 500, message: "etcdserver: leader changed");

        var error = await Assert.ThrowsAsync<Urumi.Domain.TransientException>(() => cluster.EnsureCredentialsAsync(KubeObjects.Ns, SecretName, Labels, CancellationToken.None));

        Assert.Null(error.InnerException);
        Assert.Contains("etcdserver: leader changed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CredentialKeys.AdminPassword, error.ToString(), StringComparison.Ordinal);
    }
}
