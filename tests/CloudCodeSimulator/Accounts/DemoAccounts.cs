namespace Antigravity.CloudCodeSimulator.Accounts;

/// <summary>The accounts a simulator started without configuration has (HELPERS.md convention).</summary>
public static class DemoAccounts
{
    public static IReadOnlyList<AccountSpec> All { get; } =
    [
        new() { Email = "demo1@example.com", RefreshToken = "demo-refresh-1", Tier = "free-tier", Project = "shaped-reef-40r0m" },
        new() { Email = "demo2@example.com", RefreshToken = "demo-refresh-2", Tier = "g1-pro-tier", Project = "rising-fact-p41fc", Credits = 1000 },
        new() { Email = "demo3@example.com", RefreshToken = "demo-refresh-3", Tier = "standard-tier", Project = "quiet-river-7c2d1", ProjectAsObject = true },
    ];
}
