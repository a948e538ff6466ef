using System.Net;

namespace Urumi.Platform.Shop;

/// <summary>One answer of the shop, read whole: status, redirect target, the headers a probe reads, body.</summary>
internal sealed record ProbeReply(HttpStatusCode Status, Uri? Location, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
