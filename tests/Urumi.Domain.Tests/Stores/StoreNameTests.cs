using Urumi.Domain.Stores;

namespace Urumi.Domain.Tests.Stores;

public sealed class StoreNameTests
{
    public static TheoryData<string?, string> BadNames => new()
    {
        { null, "empty" },
        { "", "empty" },
        { "   ", "empty" },
        { "ab", "too short" },
        { "a", "too short" },
        { new string('a', 31), "the limit is 30" },
        { "shop-" + new string('x', 40), "the limit is 30" },
        { "Shop1", "uppercase" },
        { "MYSHOP", "uppercase" },
        { "my_shop", "'_'" },
        { "my.shop", "'.'" },
        { "my shop", "U+0020" },
        { "shop\t1", "U+0009" },
        { "shop/1", "'/'" },
        { "shop:1", "':'" },
        { "shop@home", "'@'" },
        { "café", "'é'" },
        { "shop!", "'!'" },
        { "1shop", "start with a letter" },
        { "-shop", "start with a letter" },
        { "9-lives", "start with a letter" },
        { "shop-", "end with a hyphen" },
        { "my-shop-", "end with a hyphen" },
        { "my--shop", "two hyphens in a row" },
        { "default", "reserved" },
        { "admin", "reserved" },
        { "api", "reserved" },
        { "www", "reserved" },
        { "urumi", "reserved" },
        { "kube-system", "'kube-'" },
        { "kube-shop", "'kube-'" },
        { "openshift-shop", "'openshift-'" },
        { "urumi-shop", "'urumi-'" },
        { "shop;rm -rf", "';'" },
        { "shop$(id)", "'$'" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void TryParse_BadName_FailsWithAnExplanation(string? input, string expectedWords)
    {
        var ok = StoreName.TryParse(input, out _, out var error);

        Assert.False(ok);
        Assert.Contains(expectedWords, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("shop1")]
    [InlineData("my-shop")]
    [InlineData("a1-b2-c3")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234")]
    public void TryParse_GoodName_Succeeds(string input)
    {
        var ok = StoreName.TryParse(input, out var name, out var error);

        Assert.True(ok, error);
        Assert.Equal(input, name.Value);
    }

    [Fact]
    public void Parse_BadName_ThrowsValidationNamingTheField()
    {
        var error = Assert.Throws<DomainValidationException>(() => StoreName.Parse("Bad Name"));

        Assert.Equal("name", error.Field);
    }

    [Fact]
    public void Generate_ManyNames_AllValidAndDistinct()
    {
        var random = new Random(7);

        var names = Enumerable.Range(0, 200).Select(_ => StoreName.Generate(random).Value).ToList();

        Assert.All(names, n => Assert.True(StoreName.TryParse(n, out _, out var e), e));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheNameAsAString()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(StoreName.Parse("shop1"));

        Assert.Equal("\"shop1\"", json);
        Assert.Equal("shop1", System.Text.Json.JsonSerializer.Deserialize<StoreName>(json).Value);
    }
}
