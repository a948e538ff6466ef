using Urumi.Domain.Stores;

namespace Urumi.Domain.Ports;

public sealed record PodState(string Name, string Phase, bool Ready, PodProblem Problem, int Restarts, string? Message);
