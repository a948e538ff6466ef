using Urumi.Domain.Stores;
using Urumi.Domain.Telemetry;

namespace Urumi.Domain.Workflows;

/// <summary>Failure that ends a workflow; the message is what the operator reads.</summary>
public sealed class StoreOperationFailedException(string message) : Exception(message);
