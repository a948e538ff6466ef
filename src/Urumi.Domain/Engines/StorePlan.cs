namespace Urumi.Domain.Engines;
/// <summary>
/// A size class a user picks; its engine (<see cref="StoreEngine.Plans"/>) turns it into chart values.
/// </summary>
/// <param name="App">The shop application's container (WordPress, the Medusa server).</param>
/// <param name="Database">The database container (MariaDB, PostgreSQL).</param>
/// <param name="ContentStorage">The application's own volume, or null when the engine keeps none.</param>
public sealed record StorePlan(
    string Id,
    string Description,
    ResourceSize App,
    ResourceSize Database,
    string? ContentStorage,
    string DatabaseStorage);
