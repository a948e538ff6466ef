using System.Text.Json.Serialization;

namespace Urumi.Domain.Stores;

[JsonConverter(typeof(JsonStringEnumConverter<StoreStatus>))]
public enum StoreStatus
{
    Provisioning,
    Ready,
    Failed,
    Deleting,
    Deleted,
}
