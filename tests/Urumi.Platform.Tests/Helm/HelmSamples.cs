using System.Globalization;

namespace Urumi.Platform.Tests.Helm;

/// <summary>Output shaped like helm v4.1's <c>-o json</c> (release object, list elements, history entries).</summary>
internal static class HelmSamples
{
    public static string Release(string name, string ns, int revision, string status, DateTimeOffset lastDeployed) => $$"""
        {"name":"{{name}}","info":{"first_deployed":"2026-01-10T09:15:02.123456789Z","last_deployed":"{{Iso(lastDeployed)}}","description":"Upgrade complete","status":"{{status}}","notes":"Visit http://{{name}}.shops.example.test"},"chart":{"metadata":{"name":"mini-store","version":"0.1.0","description":"A tiny test chart","apiVersion":"v2","appVersion":"6.8.3","type":"application"},"lock":null,"templates":[],"values":{},"schema":null,"files":[]},"config":{"existingSecret":"{{name}}-credentials"},"manifest":"---\n# Source: mini-store/templates/wordpress.yaml\n","version":{{revision}},"namespace":"{{ns}}","apply_method":"ssa"}
        """;

    public static readonly string List = """
        [{"name":"store-a","namespace":"store-a","revision":"3","updated":"2026-01-10 09:16:40.987654321 +0000 UTC","status":"deployed","chart":"mini-store-0.1.0","app_version":"6.8.3"},{"name":"store-b","namespace":"store-b","revision":"1","updated":"2026-01-11 18:02:03.5 +0100 CET","status":"pending-install","chart":"mini-store-0.1.0","app_version":"6.8.3"},{"name":"store-c","namespace":"store-c","revision":"2","updated":"-","status":"failed","chart":"mini-store-0.1.0","app_version":"6.8.3"}]
        """;

    public static readonly string HistoryDeployedFailedPending = """
        [{"revision":1,"updated":"2026-01-10T09:15:02.123456789Z","status":"deployed","chart":"mini-store-0.1.0","app_version":"6.8.3","description":"Install complete"},{"revision":2,"updated":"2026-01-10T10:00:00Z","status":"failed","chart":"mini-store-0.1.0","app_version":"6.8.3","description":"Upgrade \"store-a\" failed: context deadline exceeded"},{"revision":3,"updated":"2026-01-10T11:00:00Z","status":"pending-upgrade","chart":"mini-store-0.1.0","app_version":"6.8.3","description":"Preparing upgrade"}]
        """;

    /// <summary>RFC 3339 with nanoseconds, as Go's encoding/json writes time.Time.</summary>
    public static string Iso(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "49Z";
}
