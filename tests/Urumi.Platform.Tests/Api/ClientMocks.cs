using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace Urumi.Platform.Tests.Api;

internal static class ClientMocks
{
    /// <summary>The task hub's query of live instances answers with <paramref name="live"/> (none by default).</summary>
    public static Mock<DurableTaskClient> WithLive(this Mock<DurableTaskClient> client, params OrchestrationMetadata[] live)
    {
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>()))
            .Returns(() => Pageable.Create<OrchestrationMetadata>((_, _, _) => Task.FromResult(new Page<OrchestrationMetadata>(live, null))));
        return client;
    }
}
