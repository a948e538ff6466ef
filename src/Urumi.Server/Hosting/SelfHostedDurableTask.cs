using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Urumi.Domain.Workflows;
using Urumi.Platform.Durable;

namespace Urumi.Server.Hosting;

/// <summary>
/// The hybrid wiring: workflows execute on the DTFx dispatchers over
/// Azure Storage, and the app talks to the task hub through the standard <see cref="DurableTaskClient"/>,
/// served by <see cref="TaskHubGrpcServer"/> in API-only mode on a loopback-only HTTP/2 port that
/// only this process can call (<see cref="GrpcEndpoint"/>).
/// </summary>
internal static class SelfHostedDurableTask
{
    /// <summary>The worker and the client read and write payloads as the Functions app does (<see cref="DurableJson"/>).</summary>
    private static readonly JsonDataConverter Converter = new(DurableJson.Options);

    public static WebApplicationBuilder AddUrumiSelfHostedDurableTask(this WebApplicationBuilder builder, ServerOptions server, DurableSettings durable, string storageConnectionString)
    {
        var grpcPort = server.GrpcPort != 0 ? server.GrpcPort : FreeLoopbackPort();
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = durable.HubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(
                StorageServiceClientProvider.ForBlob(storageConnectionString, Bounded(new BlobClientOptions(), server)),
                StorageServiceClientProvider.ForQueue(storageConnectionString, Bounded(new QueueClientOptions(), server)),
                StorageServiceClientProvider.ForTable(storageConnectionString, Bounded(new TableClientOptions(), server))),
            WorkerId = server.WorkerId,
            PartitionCount = durable.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = durable.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = durable.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = durable.ControlQueueVisibilityTimeout,
            // Off in host.json: the benchmark showed no fewer storage requests or CPU seconds with it (docs/performance.md).
            ExtendedSessionsEnabled = durable.ExtendedSessions,
            ExtendedSessionIdleTimeout = durable.ExtendedSessionIdleTimeout,
            UseAppLease = true,
            // Without this a start that dedupe refuses is dropped silently instead of failing.
            ThrowExceptionOnInvalidDedupeStatus = true,
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(server.Endpoint, o => o.Protocols = HttpProtocols.Http1);
            // Loopback only, HTTP/2 only, and every call must carry this process's token (GrpcEndpoint).
            kestrel.Listen(IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
        });

        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddHostedService<TaskHubInitializer>();
        builder.Services.AddSingleton<InFlightActivities>();
        // No catch-all "unimplemented" endpoints: they would turn a wrong method on the API into a 404 instead of a 405.
        builder.Services.AddGrpc(o =>
        {
            o.IgnoreUnknownServices = true;
            o.Interceptors.Add<StorageOutageInterceptor>();
        });
        builder.Services.Configure<TaskHubGrpcServerOptions>(o => o.Mode = TaskHubGrpcServerMode.ApiServerOnly);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => UrumiWorkflows.Register(registry));
            worker.UseBuildTarget<DtfxDurableTaskWorker>();
            worker.Configure(o => o.DataConverter = Converter);
        });
        var endpoint = new GrpcEndpoint(grpcPort);
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(o =>
        {
            o.Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { HttpHandler = endpoint.ClientHandler() });
            // A storage outage answers within this bound (DeadlineExceeded → 503 with Retry-After), never a hang.
            o.GrpcCallTimeout = server.TaskHubCallTimeout;
        }).Configure(o => o.DataConverter = Converter));
        builder.Services.AddSingleton(endpoint);
        return builder;
    }

    private static T Bounded<T>(T options, ServerOptions server)
        where T : ClientOptions
    {
        options.Retry.NetworkTimeout = server.StorageNetworkTimeout;
        return options;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Creates the task hub's queues, tables and containers before the worker starts (hosted services
/// start in registration order), and says clearly when the storage account cannot be reached.
/// </summary>
internal sealed partial class TaskHubInitializer(IOrchestrationService service, ILogger<TaskHubInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await service.CreateIfNotExistsAsync().WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The task hub storage could not be prepared: {error.Message} Check AzureWebJobsStorage (is Azurite running?).", error);
        }

        LogReady(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Task hub storage is ready")]
    private static partial void LogReady(ILogger logger);
}
