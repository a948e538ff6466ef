using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Urumi.ClusterSim.Ingress;

/// <summary>
/// The page frame and stylesheet of the emulated shop's server-rendered pages: WooCommerce's class
/// names and a plain look, every piece of user text HTML-encoded.
/// </summary>
internal static class ShopHtml
{
    /// <summary>Where WooCommerce serves its stylesheet; the storefront links it, as a real shop does.</summary>
    public const string StylesheetPath = "/wp-content/plugins/woocommerce/assets/css/woocommerce.css";

    public const string Stylesheet = """
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1e1e1e; background: #f6f7f7; }
        header, main, footer { max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem; }
        header { display: flex; justify-content: space-between; align-items: center; }
        header .site-title { font-size: 1.4rem; font-weight: 700; color: #1e1e1e; text-decoration: none; }
        header nav a { margin-left: 1rem; color: #2c3338; }
        main { background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
        footer { color: #50575e; font-size: .85rem; }
        a { color: #7f54b3; }
        h1 { font-size: 1.8rem; margin: .5rem 0 1rem; }
        ul.products { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1.5rem; }
        li.product { border: 1px solid #dcdcde; border-radius: 6px; padding: 1rem; }
        .product-image { height: 8rem; border-radius: 4px; background: linear-gradient(135deg, #7f54b3, #3858e9); }
        .price { font-weight: 700; display: block; margin: .25rem 0 .75rem; }
        .button, button { display: inline-block; background: #7f54b3; color: #fff; border: 0; border-radius: 4px; padding: .6rem 1.2rem;
          font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
        .button:focus-visible, button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #3858e9; outline-offset: 2px; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { text-align: left; padding: .6rem .5rem; border-bottom: 1px solid #dcdcde; }
        form p { margin: 0 0 .9rem; }
        label { display: block; font-weight: 600; margin-bottom: .2rem; }
        input[type=text], input[type=email], input[type=password], input[type=number] { font: inherit; padding: .45rem .6rem; width: 100%;
          max-width: 24rem; box-sizing: border-box; border: 1px solid #8c8f94; border-radius: 4px; }
        input[type=number] { width: 5rem; }
        fieldset { border: 1px solid #dcdcde; border-radius: 4px; margin: 0 0 1rem; }
        fieldset label { display: inline; font-weight: 400; }
        .woocommerce-error { border-left: 4px solid #d63638; background: #fcf0f1; padding: .6rem 1rem; list-style: none; }
        .woocommerce-message, .woocommerce-info, .woocommerce-thankyou-order-received { border-left: 4px solid #00a32a; background: #edfaef; padding: .6rem 1rem; }
        ul.woocommerce-order-overview { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0 2rem; }
        ul.woocommerce-order-overview li { padding: .5rem 0; text-transform: uppercase; font-size: .8rem; color: #50575e; }
        ul.woocommerce-order-overview strong { display: block; font-size: 1rem; text-transform: none; color: #1e1e1e; }
        .status { background: #c6e1c6; color: #2c4700; border-radius: 4px; padding: .15rem .5rem; }
        @media (max-width: 40rem) { header { flex-direction: column; align-items: flex-start; } header nav a { margin: 0 1rem 0 0; } }
        """;

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A whole page: the shop's header with <paramref name="nav"/>, the content, and a footer saying what this is.</summary>
    public static IResult Page(string title, string bodyClass, string nav, string content, int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en-US\"><head><meta charset=\"UTF-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" – Urumi Store</title>")
            .Append("<link rel='stylesheet' id='woocommerce-general-css' href='").Append(StylesheetPath).Append("' /></head>")
            .Append("<body class=\"").Append(bodyClass).Append(" woocommerce woocommerce-page\">")
            .Append("<header><a class=\"site-title\" href=\"/\">Urumi Store</a><nav aria-label=\"Site\">").Append(nav).Append("</nav></header>")
            .Append("<main>").Append(content).Append("</main>")
            .Append("<footer>An emulated WooCommerce shop served by the Urumi cluster simulator: orders live in its memory only.</footer>")
            .Append("</body></html>")
            .ToString();
        return Results.Content(html, "text/html; charset=UTF-8", Encoding.UTF8, status);
    }

    /// <summary>A list of error notices, WooCommerce style.</summary>
    public static string Errors(IEnumerable<string> messages) =>
        "<ul class=\"woocommerce-error\" role=\"alert\">" + string.Concat(messages.Select(m => "<li>" + m + "</li>")) + "</ul>";
}
