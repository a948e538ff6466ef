using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Urumi.Domain.Stores;

/// <summary>
/// A store's name: a DNS-1123 label short enough that every name derived from it (namespace,
/// Helm release, chart object names with their suffixes, host) stays inside Kubernetes limits.
/// </summary>
[JsonConverter(typeof(StoreNameJsonConverter))]
public readonly record struct StoreName
{
    public const int MinLength = 3;

    /// <summary>
    /// 30 keeps the namespace (<c>store-</c> + name) at 36 of 63 characters and leaves the chart
    /// 23 characters of suffix under the 53-character release and 63-character object limits
    /// (e.g. <c>{name}-mariadb-0</c>, <c>{name}-wordpress-7d9f8c6b5-x2x4z</c>).
    /// </summary>
    public const int MaxLength = 30;

    private static readonly string[] ReservedNames =
        ["default", "admin", "api", "www", "root", "system", "urumi", "dashboard", "health", "events", "batch", "operations"];

    private static readonly string[] ReservedPrefixes = ["kube-", "openshift-", "system-", "urumi-"];

    private StoreName(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static StoreName Parse(string? input) =>
        TryParse(input, out var name, out var error) ? name : throw new DomainValidationException("name", error);

    /// <summary>Validates <paramref name="input"/> and says, in words a user can act on, what is wrong.</summary>
    public static bool TryParse(string? input, out StoreName name, [NotNullWhen(false)] out string? error)
    {
        name = default;
        error = Validate(input);
        if (error is not null)
        {
            return false;
        }

        name = new StoreName(input!);
        return true;
    }

    /// <summary>A readable, random name such as <c>shop-k3x9q2</c>, for requests that give none.</summary>
    public static StoreName Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<char> suffix = stackalloc char[6];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new StoreName("shop-" + new string(suffix));
    }

    private static string? Validate(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "The store name is empty. Use 3 to 30 lowercase letters, digits or hyphens, starting with a letter.";
        }

        if (input.Length < MinLength)
        {
            return $"The store name '{input}' is too short: use at least {MinLength} characters.";
        }

        if (input.Length > MaxLength)
        {
            return $"The store name is {input.Length} characters long; the limit is {MaxLength} so that its namespace and Helm release names stay within Kubernetes limits.";
        }

        foreach (var c in input)
        {
            if (c is >= 'A' and <= 'Z')
            {
                return $"The store name '{input}' contains uppercase letters; use lowercase only (for example '{input.ToLowerInvariant()}').";
            }

            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return $"The store name contains '{Printable(c)}'; only lowercase letters, digits and hyphens are allowed.";
            }
        }

        if (input[0] is < 'a' or > 'z')
        {
            return $"The store name '{input}' must start with a letter.";
        }

        if (input[^1] == '-')
        {
            return $"The store name '{input}' must not end with a hyphen.";
        }

        if (input.Contains("--", StringComparison.Ordinal))
        {
            return $"The store name '{input}' contains two hyphens in a row; use single hyphens between words.";
        }

        if (Array.IndexOf(ReservedNames, input) >= 0)
        {
            return $"The store name '{input}' is reserved; choose another name.";
        }

        foreach (var prefix in ReservedPrefixes)
        {
            if (input.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"Store names must not start with '{prefix}', which is reserved for system namespaces.";
            }
        }

        return null;
    }

    private static string Printable(char c) => char.IsWhiteSpace(c) || char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();

    private sealed class StoreNameJsonConverter : JsonConverter<StoreName>
    {
        public override StoreName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, StoreName value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Value);
    }
}
