using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Urumi.ClusterSim;

// Standalone: dotnet run --project tools/Urumi.ClusterSim -- --port N --ingress-port M --kubeconfig PATH [--ready-delay SECONDS] [--rbac] [--log-requests]
var options = new SimulatorOptions();
string? kubeconfig = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port":
            options.ApiPort = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--ingress-port":
            options.IngressPort = int.Parse(Next(), CultureInfo.InvariantCulture);
            break;
        case "--kubeconfig":
            kubeconfig = Next();
            break;
        case "--ready-delay":
            options.ReadyDelay = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            break;
        case "--rbac":
            options.EnforceRbac = true;
            break;
        case "--log-requests":
            options.LogRequests = true;
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown argument {args[i]}; usage: --port N --ingress-port M --kubeconfig PATH [--ready-delay SECONDS] [--rbac] [--log-requests]");
            return 2;
    }
}

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using var simulator = await ClusterSimulator.StartAsync(options, loggerFactory);
if (kubeconfig is not null)
{
    simulator.WriteKubeconfig(kubeconfig);
}

Console.WriteLine($"Kubernetes API: {simulator.ApiUri}");
Console.WriteLine($"Ingress:        {simulator.IngressUri}");
if (kubeconfig is not null)
{
    Console.WriteLine($"Kubeconfig:     {Path.GetFullPath(kubeconfig)}");
}

Console.WriteLine("Serving until Ctrl+C.");
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Stopping.
}

return 0;
