using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Urumi.Platform.DependencyInjection;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddUrumiPlatform();
builder.Services.AddOptions<Urumi.Functions.FunctionsAccessOptions>().BindConfiguration(Urumi.Functions.FunctionsAccessOptions.Section);
builder.Services.AddSingleton<Urumi.Functions.FunctionsCallers>();
builder.Build().Run();
