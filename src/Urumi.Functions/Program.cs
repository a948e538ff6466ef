using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Urumi.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddUrumiFunctions();
builder.Build().Run();
