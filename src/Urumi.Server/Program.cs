using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using OpenTelemetry.Metrics;
using Urumi.Platform.DependencyInjection;
using Urumi.Platform.Telemetry;
using Urumi.Server.Hosting;
using Urumi.Server.Http;

// Urumi.Server: the same HTTP API and workflows as the Functions app, self-hosted on ASP.NET Core with
// the Durable Task Framework over Azure Storage (Azurite locally). Several replicas may share one task hub.
var builder = WebApplication.CreateBuilder(args);

var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
var refusal = StartupChecks.Refusal(server, builder.Configuration, out var storage, out var hostJson);
if (refusal is not null)
{
    await Console.Error.WriteLineAsync("Urumi.Server cannot start: " + refusal);
    return 2;
}

var durable = DurableSettings.Load(hostJson!);
if (server.HubName is { } hub)
{
    durable = durable with { HubName = hub };
}

builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
// The durable worker stops within the grace (DtfxDurableTaskWorker); the host gets a little more so that
// its abandonment is logged before the host gives up on it.
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = server.ShutdownGrace + TimeSpan.FromSeconds(5));
builder.Configuration["AzureWebJobsStorage"] = storage;
builder.Services.AddUrumiPlatform();
builder.Services.AddUrumiOpenTelemetry(builder.Configuration, telemetry => telemetry.WithMetrics(metrics => metrics.AddPrometheusExporter()));
builder.Services.AddUrumiCallers(server);
builder.AddUrumiSelfHostedDurableTask(server, durable, storage!);
builder.Services.AddUrumiCleanupSchedule();
builder.Services.AddUrumiQueuedStarts();

var app = builder.Build();
var grpc = app.Services.GetRequiredService<GrpcEndpoint>();
grpc.Guard(app);
app.UseUrumiBrowserSafety();
app.UseUrumiStatusProblems();
app.MapGrpcService<TaskHubGrpcServer>().RequireHost($"*:{grpc.Port}");
app.MapUrumiApi(server.Endpoint.Port);
app.MapUrumiDashboard(server.Endpoint.Port);
// Anonymous like the health probes: aggregate counts with bounded labels, no store names (docs/operations.md).
app.MapPrometheusScrapingEndpoint("/metrics").RequireHost($"*:{server.Endpoint.Port}");
var endpoint = server.Endpoint.ToString();
app.Lifetime.ApplicationStarted.Register(() => ServerLog.Listening(app.Logger, endpoint, durable.HubName, server.WorkerId));
await app.RunAsync();
return 0;
