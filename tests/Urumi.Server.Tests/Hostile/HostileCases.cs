namespace Urumi.Server.Tests.Hostile;

/// <summary>
/// The table of the hostile-input suite: malformed JSON, wrong types, unknown and repeated members,
/// content types, sizes, ranges, names, traversal, methods, keys, hosts and cross-site requests, on
/// every endpoint. None of them may create, change or record anything.
/// </summary>
public static class HostileCases
{
    private const string Problems = "https://urumi.dev/problems/";
    private const string Validation = Problems + "validation";
    private const string NotFound = Problems + "not-found";
    private const string Unauthorized = Problems + "unauthorized";
    private const string Forbidden = Problems + "forbidden";
    private const string MediaType = Problems + "unsupported-media-type";
    private const string TooLarge = Problems + "payload-too-large";
    private const string BadHost = Problems + "host-not-allowed";
    private const string CrossSite = Problems + "cross-site-request";
    private const string BadMethod = Problems + "method-not-allowed";

    private static readonly string[] CreatePaths = ["/api/stores", "/api/stores/batch"];

    /// <summary>Names no store may have: each is refused by the name rules before anything is looked up.</summary>
    private static readonly string[] BadNames =
    [
        "Shop1", "SHOP", "shop_1", "shop.1", "shop 1", "-shop", "shop-", "1shop", "sh", "s", "shop--one",
        new string('a', 31), "default", "admin", "api", "batch", "kube-shop", "urumi-shop", "system-x", "shöp", "shop\u00a0one",
        "shop\tone", "shop;rm", "shop'1", "shop\"1", "shop<1>", "shop$1", "shop*", "sh\u0130p", "\u0661\u0662\u0663",
    ];

    /// <summary>Names encoded into a path segment that still reach the name rules.</summary>
    private static readonly string[] BadPathNames =
    [
        "Shop1", "shop_1", "shop.1", "-shop", "shop-", "sh", "..%2fetc", "shop%2f1", "shop%5c1", "shop%01",
        "shop%0a", "shop%20one", "%c3%a9shop", new string('a', 31), "admin", "batch",
    ];

    private static readonly string[] StoreReads = ["/api/stores/{0}", "/api/stores/{0}/credentials", "/api/stores/{0}/events"];

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    private static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        void Add(HostileCase c) => cases.Add(c);
        void Create(string name, string body, int status = 400, string type = Validation) => Add(new(name, "POST", "/api/stores", status, type, body));

        // Malformed JSON.
        foreach (var body in new[]
        {
            "{", "}", "[", "{\"name\":}", "{\"name\":\"shopa\",}", "{'name':'shopa'}", "{name:\"shopa\"}", "nul", "null", "\"shopa\"", "42", "true",
            "[]", "[{}]", "{\"name\":\"shopa\"} x", "{\"name\":\"shopa\"}{}", "/* c */{}", "{\"name\":\"shopa\" // c\n}", "{\"name\":\"shopa\"\"plan\":\"small\"}",
            "{\"name\":\"sho\\u0000pa\"}", "{\"name\":\"\\ud800\"}", "\u0000", "{\"a\":" + new string('[', 100) + new string(']', 100) + "}",
        })
        {
            Create($"create malformed {Short(body)}", body);
        }

        // Wrong types, member by member.
        foreach (var member in new[] { "name", "engine", "plan" })
        {
            foreach (var value in new[] { "42", "true", "[]", "{}", "1.5", "[\"shopa\"]" })
            {
                Create($"create {member}={value}", $"{{\"{member}\":{value}}}");
            }
        }

        foreach (var value in new[] { "\"12\"", "1e3", "0.5", "1e-9", "12.0", "true", "[]", "{}", "\"\"", "-0.1", "2147483648", "1E2", "NaN", "Infinity" })
        {
            Create($"create expiresInHours={value}", $"{{\"name\":\"shopa\",\"expiresInHours\":{value}}}");
        }

        // Out of range.
        foreach (var hours in new[] { "0", "-1", "-2147483648", "2161", "99999", "2147483647" })
        {
            Create($"create expiresInHours={hours} out of range", $"{{\"name\":\"shopa\",\"expiresInHours\":{hours}}}");
        }

        // Unknown members are refused, not ignored.
        foreach (var member in new[] { "owner", "namespace", "values", "Owner", "id", "", "name ", "__proto__", "constructor", "spec", "chart", "image", "set", "helm", "admin", "actor", "stores" })
        {
            Create($"create unknown member '{member}'", $"{{\"name\":\"shopa\",\"{member}\":\"x\"}}");
        }

        // Repeated members, in any case.
        foreach (var (first, second) in new[] { ("name", "name"), ("name", "NAME"), ("Name", "name"), ("engine", "Engine"), ("plan", "plan"), ("expiresInHours", "EXPIRESINHOURS") })
        {
            var value = first.Equals("expiresInHours", StringComparison.OrdinalIgnoreCase) ? "1" : "\"shopa\"";
            Create($"create duplicate {first}/{second}", $"{{\"{first}\":{value},\"{second}\":{value}}}");
        }

        // Names, engines and plans the rules refuse.
        foreach (var name in BadNames)
        {
            Create($"create name '{Short(name)}'", System.Text.Json.JsonSerializer.Serialize(new { name }));
        }

        foreach (var (member, value) in new[] { ("engine", "magento"), ("engine", "WOOCOMMERCE"), ("engine", ""), ("engine", "../woocommerce"), ("plan", "huge"), ("plan", "small "), ("plan", ""), ("plan", "../small") })
        {
            Create($"create {member}='{value}'", $"{{\"name\":\"shopa\",\"{member}\":\"{value}\"}}");
        }

        // Content types: only application/json (UTF-8).
        foreach (var path in CreatePaths)
        {
            foreach (var type in new[]
            {
                "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json",
                "application/json; charset=utf-16", "application/jsonp", "application/json-patch+json", "application/vnd.api+json", "text/html",
            })
            {
                Add(new($"{path} as {type}", "POST", path, 415, MediaType, "{\"name\":\"shopa\"}", type));
            }

            Add(new($"{path} body without content type", "POST", path, 415, MediaType, "{\"name\":\"shopa\"}", null));
            Add(new($"{path} form post", "POST", path, 415, MediaType, "name=shopa", "application/x-www-form-urlencoded"));
            Add(new($"{path} empty text/plain", "POST", path, 415, MediaType, string.Empty, "text/plain"));

            // Sizes.
            Add(new($"{path} 65 KiB", "POST", path, 413, TooLarge, "{\"name\":\"shopa\"" + new string(' ', 65 * 1024) + "}"));
            Add(new($"{path} 1 MiB", "POST", path, 413, TooLarge, "{\"stores\":[" + string.Join(',', Enumerable.Repeat("{}", 350_000)) + "]}"));
        }

        // Batches.
        foreach (var body in new[]
        {
            "{\"stores\":[null]}", "{\"stores\":[{\"name\":\"shopa\"},null]}", "{\"stores\":[null,null]}", "{\"stores\":null}", "{\"stores\":[]}",
            "{\"stores\":{}}", "{\"stores\":\"shopa\"}", "{\"stores\":[1]}", "{\"stores\":[[]]}", "{\"stores\":[{\"owner\":\"x\"}]}", "{}",
            "{\"stores\":[{\"name\":\"shopa\"},{\"name\":\"shopa\"}]}", "{\"stores\":[],\"x\":1}", "{\"stores\":[{}],\"Stores\":[{}]}",
            "{\"stores\":[{\"name\":\"shopa\",\"expiresInHours\":0.5}]}", "{\"stores\":[{\"name\":\"Bad\"}]}", "null", "[]",
            Batch(21), Batch(31), Batch(51), Batch(500),
        })
        {
            Add(new($"batch {Short(body)} ({body.Length} bytes)", "POST", "/api/stores/batch", 400, Validation, body));
        }

        // Names in paths, on every store endpoint.
        foreach (var name in BadPathNames)
        {
            foreach (var template in StoreReads)
            {
                Add(new($"GET {template} '{name}'", "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name), 400, Validation));
            }

            Add(new($"DELETE '{name}'", "DELETE", "/api/stores/" + name, 400, Validation));
        }

        // Kestrel itself refuses a NUL in the path (400, no body) before any handler runs.
        foreach (var path in new[] { "/api/stores/shop%00", "/api/stores/shop%00/credentials", "/app.js%00.html" })
        {
            Add(new($"NUL in path {path}", "GET", path, 400, null));
        }

        // Stores that do not exist, for an admin and for a member.
        foreach (var key in new[] { HostileServer.AdminKey, HostileServer.MemberKey })
        {
            foreach (var name in new[] { "nosuch", "shop-abc123", "zz9" })
            {
                foreach (var template in StoreReads.Take(2))
                {
                    Add(new($"GET {template} missing '{name}' as {Who(key)}", "GET", string.Format(System.Globalization.CultureInfo.InvariantCulture, template, name), 404, NotFound, Key: key));
                }

                Add(new($"DELETE missing '{name}' as {Who(key)}", "DELETE", "/api/stores/" + name, 404, NotFound, Key: key));
            }

            Add(new($"events of a missing store as {Who(key)}", "GET", "/api/stores/nosuch/events", key == HostileServer.AdminKey ? 200 : 404, key == HostileServer.AdminKey ? null : NotFound, Key: key));
        }

        // Operations.
        foreach (var id in new[] { "provision-nosuch", "delete-nosuch", "batch-000000000000", "cleanup", "anything" })
        {
            Add(new($"operation {id}", "GET", "/api/operations/" + id, 404, NotFound));
            Add(new($"operation {id} as member", "GET", "/api/operations/" + id, 404, NotFound, Key: HostileServer.MemberKey));
        }

        Add(new("operation id of 101 characters", "GET", "/api/operations/" + new string('a', 101), 400, Validation));

        // Query values.
        foreach (var path in new[] { "/api/events", "/api/stores/nosuch/events" })
        {
            foreach (var size in new[] { "abc", "0", "201", "-1", "1.5", "1e2", "%205", "0x10", "99999999999", "+5", "5%00" })
            {
                Add(new($"{path} pageSize={size}", "GET", $"{path}?pageSize={size}", 400, Validation));
            }
        }

        foreach (var dry in new[] { "maybe", "1", "yes", "on", "null", "tru" })
        {
            Add(new($"cleanup dryRun={dry}", "POST", "/api/cleanup?dryRun=" + dry, 400, Validation, ContentType: null));
        }

        Add(new("cleanup as member", "POST", "/api/cleanup?dryRun=true", 403, Forbidden, ContentType: null, Key: HostileServer.MemberKey));
        Add(new("cleanup as member, real run", "POST", "/api/cleanup?dryRun=false", 403, Forbidden, ContentType: null, Key: HostileServer.MemberKey));

        // Methods each endpoint does not have.
        foreach (var (method, path) in new[]
        {
            ("PUT", "/api/stores"), ("PATCH", "/api/stores"), ("DELETE", "/api/stores"), ("PUT", "/api/stores/shopa"), ("GET", "/api/stores/shopa/rollback"),
            ("POST", "/api/stores/shopa"), ("PUT", "/api/events"), ("DELETE", "/api/events"), ("POST", "/api/events"), ("PUT", "/api/operations/x"),
            ("DELETE", "/api/operations/x"), ("POST", "/api/health"), ("DELETE", "/api/health"), ("GET", "/api/cleanup"), ("DELETE", "/api/cleanup"),
            ("PUT", "/api/stores/batch"), ("POST", "/api/stores/shopa/credentials"), ("DELETE", "/api/stores/shopa/events"),
        })
        {
            Add(new($"{method} {path}", method, path, 405, BadMethod, ContentType: null));
        }

        foreach (var path in new[] { "/api/nothing", "/api/stores/shopa/secrets", "/api/v2/stores", "/api/stores/shopa/events/x" })
        {
            Add(new($"unknown path {path}", "GET", path, 404, NotFound));
        }

        // Keys: every protected endpoint refuses a missing, wrong or empty key.
        foreach (var (method, path) in new[]
        {
            ("POST", "/api/stores"), ("POST", "/api/stores/batch"), ("GET", "/api/stores"), ("GET", "/api/stores/shopa"), ("DELETE", "/api/stores/shopa"),
            ("GET", "/api/stores/shopa/credentials"), ("GET", "/api/stores/shopa/events"), ("GET", "/api/events"), ("GET", "/api/operations/provision-shopa"),
            ("POST", "/api/cleanup"),
        })
        {
            var body = method == "POST" && path.StartsWith("/api/stores", StringComparison.Ordinal) ? "{\"name\":\"shopa\"}" : null;
            var type = body is null ? null : "application/json";
            Add(new($"{method} {path} without key", method, path, 401, Unauthorized, body, type, Key: null));
            Add(new($"{method} {path} wrong key", method, path, 401, Unauthorized, body, type, Key: "not-a-key-0123456789abcdef"));
            Add(new($"{method} {path} key as wrong bearer", method, path, 401, Unauthorized, body, type, Key: null, Headers: [("Authorization", "Bearer " + HostileServer.AdminKey + "x")]));
        }

        // Host names a page could rebind to this server.
        foreach (var host in new[] { "evil.example", "rebind.attacker.test:5080", "localhost.evil.test", "127.0.0.1.nip.io", "urumi" })
        {
            foreach (var (method, path) in new[] { ("GET", "/api/stores"), ("GET", "/api/stores/shopa/credentials"), ("POST", "/api/stores"), ("GET", "/") })
            {
                var body = method == "POST" ? "{\"name\":\"shopa\"}" : null;
                Add(new($"Host {host} {method} {path}", method, path, 400, BadHost, body, body is null ? null : "application/json", Headers: [("Host", host)]));
            }
        }

        // Cross-site requests.
        foreach (var (method, path, body) in new[]
        {
            ("POST", "/api/stores", "{\"name\":\"shopa\"}"), ("POST", "/api/stores/batch", "{\"stores\":[{\"name\":\"shopa\"}]}"), ("DELETE", "/api/stores/shopa", null),
            ("POST", "/api/cleanup", null), ("GET", "/api/stores/shopa/credentials", null),
        })
        {
            var type = body is null ? null : "application/json";
            Add(new($"{method} {path} Sec-Fetch-Site cross-site", method, path, 403, CrossSite, body, type, Headers: [("Sec-Fetch-Site", "cross-site")]));
            Add(new($"{method} {path} Sec-Fetch-Site same-site", method, path, 403, CrossSite, body, type, Headers: [("Sec-Fetch-Site", "same-site")]));
            if (method != "GET")
            {
                Add(new($"{method} {path} Origin evil", method, path, 403, CrossSite, body, type, Headers: [("Origin", "http://evil.example")]));
                Add(new($"{method} {path} Origin null", method, path, 403, CrossSite, body, type, Headers: [("Origin", "null")]));
                Add(new($"{method} {path} Origin other port", method, path, 403, CrossSite, body, type, Headers: [("Origin", "http://127.0.0.1:1")]));
            }
        }

        // The dashboard's files: no traversal, no hidden files.
        foreach (var path in new[] { "/..%2f..%2fREADME.md", "/%2e%2e%2fREADME.md", "/.env", "/dashboard%2fapp.js", "/urumi", "/host.json", "/appsettings.json" })
        {
            Add(new($"dashboard {path}", "GET", path, 404, null, Key: null));
        }

        return cases;
    }

    private static string Batch(int count) =>
        "{\"stores\":[" + string.Join(',', Enumerable.Range(0, count).Select(i => $"{{\"name\":\"shop{i:000}\"}}")) + "]}";

    private static string Who(string key) => key == HostileServer.AdminKey ? "admin" : "member";

    private static string Short(string text)
    {
        var printable = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length <= 40 ? printable : printable[..40] + "…";
    }
}
