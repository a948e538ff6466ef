using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Urumi.Bench;

/// <summary>Urumi through its HTTP API, as a user's script or the dashboard drives it.</summary>
internal sealed class UrumiClient(HttpClient api)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Seconds from POST until the API shows the store ready.</summary>
    public async Task<double> CreateAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        await PostAsync(name);
        while (clock.Elapsed < Limit)
        {
            var view = await api.GetFromJsonAsync<JsonElement>($"api/stores/{name}");
            switch (view.GetProperty("status").GetString())
            {
                case "ready":
                    return clock.Elapsed.TotalSeconds;
                case "failed":
                    throw new InvalidOperationException($"Urumi failed to create {name}: {view}");
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"{name} was not ready within {Limit}.");
    }

    /// <summary>Milliseconds of the POST (accepted).</summary>
    public async Task<double> PostAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.PostAsJsonAsync("api/stores", new { name });
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode
            ? elapsed
            : throw new InvalidOperationException($"create {name} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Seconds from DELETE until the API no longer knows the store.</summary>
    public async Task<double> DeleteAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        using (var response = await api.DeleteAsync($"api/stores/{name}"))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"delete {name} refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        while (clock.Elapsed < Limit)
        {
            using var response = await api.GetAsync($"api/stores/{name}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return clock.Elapsed.TotalSeconds;
            }

            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (view.GetProperty("status").GetString() == "failed")
            {
                throw new InvalidOperationException($"Urumi failed to delete {name}: {view}");
            }

            await Task.Delay(Poll);
        }

        throw new TimeoutException($"{name} was not gone within {Limit}.");
    }

    /// <summary>Milliseconds of one status read.</summary>
    public async Task<double> StatusAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        using var response = await api.GetAsync($"api/stores/{name}");
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return clock.Elapsed.TotalMilliseconds;
    }
}
