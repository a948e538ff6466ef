using Urumi.Domain.Stores;
using Urumi.Domain.Workflows;

namespace Urumi.Platform.Api;

public sealed record CredentialsView(string Store, string AdminUser, string AdminPassword, string AdminEmail, Uri AdminUrl);
