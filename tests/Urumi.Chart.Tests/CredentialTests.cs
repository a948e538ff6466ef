using System.Text.RegularExpressions;
using k8s.Models;
using Urumi.Domain.Stores;

namespace Urumi.Chart.Tests;

public sealed partial class CredentialTests
{
    /// <summary>A password no test passes to helm: it must appear nowhere in a render.</summary>
    private const string CanaryPassword = "Quokka-Tangerine-7319-Orbit";

    private static readonly string[] CredentialKeySet =
    [
        CredentialKeys.AdminUser, CredentialKeys.AdminPassword, CredentialKeys.AdminEmail,
        CredentialKeys.DatabasePassword, CredentialKeys.DatabaseRootPassword, CredentialKeys.ApplicationPassword,
    ];

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_Objects_ContainNoSecret(string environmentFile)
    {
        Assert.DoesNotContain(ChartRender.Objects(environmentFile), o => o is V1Secret);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_SecretLikeEnvironment_ComesOnlyFromExistingSecret(string environmentFile)
    {
        foreach (var (name, c) in ChartRender.Containers(environmentFile))
        {
            foreach (var env in c.Env ?? [])
            {
                if (env.Name.EndsWith("_FILE", StringComparison.Ordinal))
                {
                    // The salts: a path to a file the pods generate on the volume, never a value.
                    Assert.StartsWith("/var/www/html/wp-content/.htsalt-", env.Value, StringComparison.Ordinal);
                }
                else if (SecretLikeName().IsMatch(env.Name))
                {
                    Assert.True(env.Value is null, $"{name} sets {env.Name} to a literal value");
                    Assert.True(env.ValueFrom?.SecretKeyRef is not null, $"{name} {env.Name} is not read from a Secret");
                }

                if (env.ValueFrom?.SecretKeyRef is { } reference)
                {
                    Assert.Equal(ChartRender.Naming.CredentialsSecret, reference.Name);
                    Assert.Contains(reference.Key, CredentialKeySet);
                    Assert.True(reference.Optional != true, $"{name} {env.Name} is optional");
                }
            }

            Assert.True(c.EnvFrom is null || c.EnvFrom.Count == 0, $"{name} imports a whole Secret or ConfigMap");
        }
    }

    [Fact]
    public void Render_SetupJob_ReadsEveryCredentialKey()
    {
        var job = Assert.Single(ChartRender.OfType<V1Job>(ChartRender.LocalValues));
        var keys = job.Spec.Template.Spec.Containers.SelectMany(c => c.Env ?? [])
            .Select(e => e.ValueFrom?.SecretKeyRef?.Key)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string>(CredentialKeySet.Where(k => k != CredentialKeys.DatabaseRootPassword), StringComparer.Ordinal), keys);
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_KnownTestPasswordAndCommonDefaults_AppearNowhere(string environmentFile)
    {
        var result = ChartRender.Template(environmentFile);
        Assert.True(result.ExitCode == 0, result.Describe());

        foreach (var word in CanaryPassword.Split('-').Append(CanaryPassword))
        {
            Assert.DoesNotContain(word, result.Stdout, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var fixedDefault in new[] { "changeme", "change-me", "admin123", "password123", "p@ssw0rd", "s3cr3t", "secretpassword" })
        {
            Assert.DoesNotContain(fixedDefault, result.Stdout, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData(ChartRender.LocalValues)]
    [InlineData(ChartRender.ProdValues)]
    public void Render_ConfigMapsAndAnnotations_HoldNoCredentialReferenceValues(string environmentFile)
    {
        foreach (var o in ChartRender.Objects(environmentFile))
        {
            foreach (var (key, value) in o.Annotations() ?? new Dictionary<string, string>())
            {
                Assert.False(SecretLikeName().IsMatch(key), $"{ChartRender.Describe(o)} annotation {key}={value}");
            }
        }

        foreach (var map in ChartRender.OfType<V1ConfigMap>(environmentFile))
        {
            foreach (var (file, text) in map.Data)
            {
                Assert.DoesNotMatch(LiteralPasswordAssignment(), text);
                Assert.DoesNotContain(CanaryPassword, text, StringComparison.Ordinal);
                Assert.False(string.IsNullOrEmpty(file));
            }
        }
    }

    [Fact]
    public void Render_WithoutExistingSecret_FailsWithClearMessage()
    {
        var values = ChartRender.WriteTemp("no-secret-" + Guid.NewGuid().ToString("N"), "existingSecret: \"\"\n");

        var result = ChartRender.Template(ChartRender.LocalValues, null, "-f", values, "--skip-schema-validation");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("existingSecret is required", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("never generates or defaults a password", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("PASS|SECRET|TOKEN|SALT|_KEY$|ADMIN_USER|ADMIN_EMAIL", RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [GeneratedRegex("""password['"]?\s*[:=]\s*['"][^'"$]{4,}['"]""", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPasswordAssignment();
}
