using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Api;

/// <summary>
/// Read models: what a store and an operation look like to a client, from the cluster's record of a
/// store and the task hub's record of its operation.
/// </summary>
public sealed class StoreViews(IOptions<StoreApiOptions> options)
{
    private readonly StoreApiOptions settings = options.Value;

    /// <summary>A store whose namespace exists, with its latest (or live) operation.</summary>
    public StoreView View(ManagedStore store, OrchestrationMetadata? operation)
    {
        ArgumentNullException.ThrowIfNull(store);
        var naming = Naming(store.Name);
        var progress = ReadProgress(operation);
        var status = store.Phase ?? StoreStatus.Provisioning;
        if (StoreOperations.IsLive(operation))
        {
            // An upgrade or rollback leaves the store in its phase while it runs (a Ready shop keeps serving).
            status = operation!.Name switch
            {
                DeleteStoreWorkflow.Name => StoreStatus.Deleting,
                UpgradeStoreWorkflow.Name or RollbackStoreWorkflow.Name => status,
                _ => StoreStatus.Provisioning,
            };
        }
        else if (status == StoreStatus.Provisioning && operation?.Name == ProvisionStoreWorkflow.Name && progress?.Step == Steps.Failed)
        {
            // The provisioning ended before it could mark the store (its namespace exists, but e.g.
            // the credentials Secret was refused): nothing is provisioning any more.
            status = StoreStatus.Failed;
        }

        return new StoreView(
            store.Name.Value, status, store.Engine, store.Plan, store.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(store.Engine, settings.PublicUrl), store.CreatedAt, store.ExpiresAt,
            status == StoreStatus.Failed ? store.LastError ?? progress?.Error : null,
            progress,
            operation is null ? null : ApiLinks.OperationLink(operation.InstanceId, OperationKinds.Of(operation.Name), operation.RuntimeStatus.ToString()),
            ApiLinks.Store(store.Name.Value, operation?.InstanceId));
    }

    /// <summary>A store being provisioned whose namespace does not exist yet.</summary>
    public StoreView PendingView(StoreName name, OrchestrationMetadata operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var input = operation.ReadInputAs<ProvisionStoreInput>();
        var naming = Naming(name);
        return new StoreView(
            name.Value, StoreStatus.Provisioning, input?.Spec.Engine ?? settings.DefaultEngine, input?.Spec.Plan ?? settings.DefaultPlan, input?.Spec.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(input?.Spec.Engine ?? settings.DefaultEngine, settings.PublicUrl), input?.Spec.CreatedAt ?? operation.CreatedAt, input?.Spec.ExpiresAt, null,
            ReadProgress(operation), ApiLinks.OperationLink(operation.InstanceId, "provision", operation.RuntimeStatus.ToString()), ApiLinks.Store(name.Value, operation.InstanceId));
    }

    /// <summary>A store just accepted for provisioning, before its workflow has run.</summary>
    public StoreView AcceptedView(ProvisionStoreInput input, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var naming = Naming(spec.Name);
        return new StoreView(
            spec.Name.Value, StoreStatus.Provisioning, spec.Engine, spec.Plan, spec.Owner,
            naming.StoreUrl(settings.PublicUrl), naming.AdminUrl(spec.Engine, settings.PublicUrl), spec.CreatedAt, spec.ExpiresAt, null,
            OperationProgress.Create("provision", spec.Name.Value, Steps.Accepted, 0, "Accepted.", spec.CreatedAt.UtcDateTime),
            ApiLinks.OperationLink(instanceId, "provision", "Pending"), ApiLinks.Store(spec.Name.Value, instanceId));
    }

    public static OperationView OperationView(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new OperationView(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus.ToString(),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            Parse(instance.SerializedCustomStatus),
            Output(instance),
            instance.FailureDetails?.ErrorMessage);
    }

    private static OperationProgress? ReadProgress(OrchestrationMetadata? operation)
    {
        if (operation?.SerializedCustomStatus is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            var progress = JsonSerializer.Deserialize<OperationProgress>(json, ApiResult.JsonOptions);
            return progress?.Step is null ? null : progress;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The store workflows' results are read as their contract types and written with the API's JSON
    /// options, so a value such as a store's status is spelled as in every other answer ("ready").
    /// </summary>
    private static object? Output(OrchestrationMetadata instance)
    {
        var json = instance.SerializedOutput;
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return instance.Name switch
            {
                ProvisionStoreWorkflow.Name => JsonSerializer.Deserialize<ProvisionStoreResult>(json, ApiResult.JsonOptions),
                DeleteStoreWorkflow.Name => JsonSerializer.Deserialize<DeleteStoreResult>(json, ApiResult.JsonOptions),
                BatchProvisionWorkflow.Name => JsonSerializer.Deserialize<BatchProvisionResult>(json, ApiResult.JsonOptions),
                UpgradeStoreWorkflow.Name or RollbackStoreWorkflow.Name => JsonSerializer.Deserialize<StoreChangeResult>(json, ApiResult.JsonOptions),
                _ => Parse(json),
            };
        }
        catch (JsonException)
        {
            // A failed orchestration's output can be plain text; it is shown as a string, not a 500.
            return JsonValue.Create(json);
        }
    }

    /// <summary>
    /// Durable payloads are stored with .NET's default (PascalCase) names; the API speaks camelCase
    /// everywhere, so property names are converted on the way out.
    /// </summary>
    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return CamelCase(JsonNode.Parse(json));
        }
        catch (JsonException)
        {
            // A failed orchestration's output can be plain text; it is shown as a string, not a 500.
            return JsonValue.Create(json);
        }
    }

    private static JsonNode? CamelCase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var renamed = new JsonObject();
                foreach (var (name, value) in obj.ToList())
                {
                    obj.Remove(name);
                    renamed[JsonNamingPolicy.CamelCase.ConvertName(name)] = CamelCase(value);
                }

                return renamed;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                return new JsonArray(items.Select(CamelCase).ToArray());
            default:
                return node;
        }
    }

    private StoreNaming Naming(StoreName name) => new(name, settings.BaseDomain);
}
