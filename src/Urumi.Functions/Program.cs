using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Urumi.Platform.DependencyInjection;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddUrumiPlatform();
builder.Build().Run();
