namespace DeepgramOnPrem.Emulator.Http;

/// <summary>
/// Scope strings that create accepts: <c>{family}:products</c> and <c>{family}:product:{name}</c>
/// for the older <c>onprem</c> and the current <c>self-hosted</c> families.
/// </summary>
internal static class DistributionScopes
{
    private static readonly string[] Families = ["onprem", "self-hosted"];

    private static readonly string[] Products = ["api", "engine", "license-proxy", "billing", "hotpepper", "metrics-server", "dgtools"];

    /// <summary>All valid scopes, old family first, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } = Families
        .SelectMany(family => Products.Select(product => $"{family}:product:{product}").Prepend($"{family}:products"))
        .ToArray();

    private static readonly HashSet<string> Valid = new(All, StringComparer.Ordinal);

    public static bool IsValid(string scope) => Valid.Contains(scope);
}
