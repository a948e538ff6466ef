using System.ComponentModel.DataAnnotations;

namespace Urumi.Platform.Shop;

/// <summary>How the shop probe reaches stores. Bound from <c>Urumi:Shop</c>.</summary>
public sealed class ShopProbeOptions : IValidatableObject
{
    public const string SectionName = "Urumi:Shop";

    /// <summary>
    /// Where the cluster's ingress controller listens (absolute http/https URI). Every request goes
    /// here with the store's host name in the <c>Host</c> header, so no DNS entry is needed.
    /// </summary>
    [Required(ErrorMessage = "Urumi:Shop:IngressAddress is required (e.g. http://127.0.0.1:8080).")]
    public Uri IngressAddress { get; set; } = new("http://127.0.0.1:8080");

    /// <summary>
    /// Places a test order when the engine asks for one (WooCommerce: Cash on Delivery, deleted again;
    /// Medusa: system payment provider, cancelled and archived again).
    /// </summary>
    public bool PlaceTestOrder { get; set; } = true;

    /// <summary>Deadline of each HTTP request the probe sends.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00", ErrorMessage = "Urumi:Shop:RequestTimeout must be between 50 ms and 5 minutes.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IngressAddress is { } address
            && (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult(
                $"Urumi:Shop:IngressAddress must be an absolute http or https URI such as http://127.0.0.1:8080; got '{address}'.",
                [nameof(IngressAddress)]);
        }
    }
}
