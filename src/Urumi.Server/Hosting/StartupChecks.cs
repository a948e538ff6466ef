using System.ComponentModel.DataAnnotations;

namespace Urumi.Server.Hosting;

/// <summary>What must be true before the server starts, each failure in one sentence an operator can act on.</summary>
internal static class StartupChecks
{
    public static string? Refusal(ServerOptions server, IConfiguration configuration, out string? storage, out string? hostJson)
    {
        storage = string.IsNullOrWhiteSpace(server.StorageConnectionString) ? configuration["AzureWebJobsStorage"] : server.StorageConnectionString;
        hostJson = string.IsNullOrWhiteSpace(server.HostJson) ? DurableSettings.Find(AppContext.BaseDirectory) : server.HostJson;

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(server, new ValidationContext(server), errors, validateAllProperties: true))
        {
            return string.Join(" ", errors.Select(e => e.ErrorMessage));
        }

        if (string.IsNullOrWhiteSpace(storage))
        {
            return "no storage is configured. Set AzureWebJobsStorage (for Azurite: UseDevelopmentStorage=true, or the connection string ./urumi up prints).";
        }

        if (hostJson is null || !File.Exists(hostJson))
        {
            return $"host.json was not found ({hostJson ?? "searched upwards from " + AppContext.BaseDirectory}). Set Urumi:Server:HostJson.";
        }

        return null;
    }
}
