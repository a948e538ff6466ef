using System.Text.Json.Serialization;

namespace Urumi.Domain.Ports;

[JsonConverter(typeof(JsonStringEnumConverter<PodProblem>))]
public enum PodProblem
{
    None,
    Pending,
    NotReady,
    Unschedulable,
    ImagePullBackOff,
    CrashLoopBackOff,
    FailedCreate,
    JobFailed,
}
