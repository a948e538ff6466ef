using k8s;
using k8s.Models;
using Urumi.Domain;
using Urumi.Domain.Ports;

namespace Urumi.Platform.Kubernetes;

/// <summary>The waits of <see cref="KubernetesCluster"/>: for a store's readiness and for a namespace to go.</summary>
public sealed partial class KubernetesCluster
{
    /// <summary>
    /// Lists and watches the store's workloads until everything is ready, a fatal state appears, or
    /// <paramref name="maxWait"/> passes (then the not-ready report); see <see cref="ReadinessWatch"/>.
    /// </summary>
    public async Task<ReadinessReport> WaitForReadyAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var watch = new ReadinessWatch(_client(), _options, _logger, _time);
        return await watch.WaitAsync(namespaceName, ClampWait(maxWait), cancellationToken).ConfigureAwait(false);
    }

    public async Task<NamespaceGoneReport> WaitForNamespaceGoneAsync(string namespaceName, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namespaceName);
        var deadline = _time.GetUtcNow() + ClampWait(maxWait);
        while (true)
        {
            var ns = await ReadNamespaceOrNullAsync(namespaceName, cancellationToken).ConfigureAwait(false);
            if (ns is null)
            {
                return new NamespaceGoneReport(true, [], []);
            }

            var remaining = deadline - _time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                var report = await DescribeBlockersAsync(ns, cancellationToken).ConfigureAwait(false);
                KubernetesLog.NamespaceStuck(_logger, namespaceName, maxWait, report.DescribeBlockers());
                return report;
            }

            await Task.Delay(remaining < _options.NamespacePollInterval ? remaining : _options.NamespacePollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<NamespaceGoneReport> DescribeBlockersAsync(V1Namespace ns, CancellationToken cancellationToken)
    {
        var name = ns.Name();
        var blocking = new List<string>();
        foreach (var finalizer in ns.Spec?.Finalizers ?? [])
        {
            blocking.Add($"namespace {name} spec.finalizers: {finalizer}");
        }

        foreach (var finalizer in ns.Metadata?.Finalizers ?? [])
        {
            blocking.Add($"namespace {name} metadata.finalizers: {finalizer}");
        }

        foreach (var condition in ns.Status?.Conditions ?? [])
        {
            if (string.Equals(condition.Status, "True", StringComparison.OrdinalIgnoreCase))
            {
                blocking.Add($"{condition.Type}: {condition.Message ?? condition.Reason}");
            }
        }

        var remaining = new List<string>();
        await CollectFinalizedAsync(remaining, "pod", async (k, ct) => (await k.CoreV1.ListNamespacedPodAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "persistentvolumeclaim", async (k, ct) => (await k.CoreV1.ListNamespacedPersistentVolumeClaimAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "configmap", async (k, ct) => (await k.CoreV1.ListNamespacedConfigMapAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        await CollectFinalizedAsync(remaining, "secret", async (k, ct) => (await k.CoreV1.ListNamespacedSecretAsync(name, cancellationToken: ct).ConfigureAwait(false)).Items ?? [], cancellationToken).ConfigureAwait(false);
        return new NamespaceGoneReport(false, blocking, remaining);
    }

    /// <summary>Best effort: a list that fails only leaves its kind out of the report.</summary>
    private async Task CollectFinalizedAsync(List<string> into, string kind, Func<IKubernetes, CancellationToken, Task<IEnumerable<IKubernetesObject<V1ObjectMeta>>>> list, CancellationToken cancellationToken)
    {
        try
        {
            var items = await CallAsync($"list {kind}s", list, cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                if (item.Metadata?.Finalizers is { Count: > 0 } finalizers)
                {
                    var deleting = item.Metadata.DeletionTimestamp is null ? "" : ", deleting";
                    into.Add($"{kind}/{item.Metadata.Name} (finalizer {string.Join(", ", finalizers)}{deleting})");
                }
            }
        }
        catch (Exception ex) when (ex is TransientException or PermanentException)
        {
            // the namespace report stays useful without this kind
        }
    }
}
