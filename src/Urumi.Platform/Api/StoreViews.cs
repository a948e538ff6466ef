using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Urumi.Domain.Ports;
using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;
using Urumi.Domain.Workflows.Cleanup;
using Urumi.Platform.Durable;

namespace Urumi.Platform.Api;

/// <summary>
/// Read models: what a store and an operation look like to a client, from the cluster's record of a
/// store and the task hub's record of its operation.
/// </summary>
public sealed class StoreViews(IOptions<StoreApiOptions> options)
{
    private static readonly JsonSerializerOptions InFull = new(ApiResult.JsonOptions) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

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
            AcceptedProgress(input),
            ApiLinks.OperationLink(instanceId, "provision", "Pending"), ApiLinks.Store(spec.Name.Value, instanceId));
    }

    /// <summary>A create accepted but not scheduled yet, as an operation.</summary>
    public static OperationView AcceptedOperationView(string instanceId, ProvisionStoreInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new OperationView(
            instanceId, ProvisionStoreWorkflow.Name, nameof(OrchestrationRuntimeStatus.Pending), input.Spec.CreatedAt, input.Spec.CreatedAt,
            JsonSerializer.SerializeToNode(AcceptedProgress(input), InFull), null, null);
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
            Read(instance.SerializedCustomStatus, ProgressType(instance.Name)),
            Read(instance.SerializedOutput, OutputType(instance.Name)),
            Failure(instance));
    }

    /// <summary>
    /// Why a failed operation failed: the runtime's failure details, or, where a host's task hub does not
    /// keep them for the instance (Urumi.Server's DTFx hub), the reason the workflow reported with its last step.
    /// </summary>
    private static string? Failure(OrchestrationMetadata instance) =>
        instance.FailureDetails?.ErrorMessage
        ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? ReadProgress(instance)?.Error : null);

    private static OperationProgress AcceptedProgress(ProvisionStoreInput input) =>
        OperationProgress.Create("provision", input.Spec.Name.Value, Steps.Accepted, 0, "Accepted.", input.Spec.CreatedAt.UtcDateTime);

    private static OperationProgress? ReadProgress(OrchestrationMetadata? operation)
    {
        try
        {
            var progress = DurableJson.Read<OperationProgress>(operation?.SerializedCustomStatus);
            return progress?.Step is null ? null : progress;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A durable payload read as its contract type (so a history written before the durable converter
    /// named properties in camelCase reads the same) and shown in full: the API's names and enum
    /// spellings, null members included, as operations have always been shown. A payload of no known
    /// type is shown as stored.
    /// </summary>
    private static object? Read(string? json, Type? type)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return type is null ? JsonNode.Parse(json) : JsonSerializer.SerializeToNode(JsonSerializer.Deserialize(json, type, DurableJson.Options), type, InFull);
        }
        catch (JsonException)
        {
            // A failed orchestration's output can be plain text; it is shown as a string, not a 500.
            return JsonValue.Create(json);
        }
    }

    private static Type? ProgressType(string workflow) => workflow switch
    {
        ProvisionStoreWorkflow.Name or DeleteStoreWorkflow.Name or UpgradeStoreWorkflow.Name or RollbackStoreWorkflow.Name => typeof(OperationProgress),
        BatchProvisionWorkflow.Name => typeof(BatchProgress),
        BulkUpgradeWorkflow.Name => typeof(BulkUpgradeProgress),
        _ => null,
    };

    private static Type? OutputType(string workflow) => workflow switch
    {
        ProvisionStoreWorkflow.Name => typeof(ProvisionStoreResult),
        DeleteStoreWorkflow.Name => typeof(DeleteStoreResult),
        BatchProvisionWorkflow.Name => typeof(BatchProvisionResult),
        UpgradeStoreWorkflow.Name or RollbackStoreWorkflow.Name => typeof(StoreChangeResult),
        BulkUpgradeWorkflow.Name => typeof(BulkUpgradeProgress),
        CleanupWorkflow.Name => typeof(CleanupResult),
        _ => null,
    };

    private StoreNaming Naming(StoreName name) => new(name, settings.BaseDomain);
}
