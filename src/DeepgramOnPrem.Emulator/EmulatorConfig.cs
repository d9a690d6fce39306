namespace DeepgramOnPrem.Emulator;

/// <summary>Body shape of error responses from the API routes.</summary>
public enum ErrorShape
{
    /// <summary><c>{"err_code","err_msg","request_id"}</c>.</summary>
    Legacy,

    /// <summary><c>{"category","message","details","request_id"}</c>.</summary>
    Current,

    /// <summary>The message as a <c>text/plain</c> body. The request id is then only in the <c>dg-request-id</c> header.</summary>
    Text,
}

/// <summary>Body shape of a successful create response.</summary>
public enum CreateShape
{
    /// <summary>Flat object with <c>username</c> and <c>secret</c>, as the live API returns.</summary>
    Flat,

    /// <summary>Flat object without <c>username</c>, as in the older reference page's example.</summary>
    FlatNoUsername,

    /// <summary><c>{"member","distribution_credentials"}</c> with no secret, as the OpenAPI spec types it.</summary>
    Wrapped,
}

/// <summary>Body shape of a successful delete response.</summary>
public enum DeleteShape
{
    /// <summary><c>{"message":"Distribution credentials deleted."}</c>, as the live API returns.</summary>
    Message,

    /// <summary><c>{"member","distribution_credentials"}</c> of the deleted credential, as the OpenAPI spec types it.</summary>
    Wrapped,
}

/// <summary>Response shapes that <c>/_emulator/config</c> selects. It is immutable, so the state swaps whole instances.</summary>
public sealed record EmulatorConfig
{
    public static EmulatorConfig Default { get; } = new();

    public ErrorShape ErrorShape { get; init; } = ErrorShape.Legacy;

    public CreateShape CreateShape { get; init; } = CreateShape.Flat;

    public DeleteShape DeleteShape { get; init; } = DeleteShape.Message;

    internal static NameTable<ErrorShape> ErrorShapeNames { get; } = new(
        ("legacy", ErrorShape.Legacy),
        ("current", ErrorShape.Current),
        ("text", ErrorShape.Text));

    internal static NameTable<CreateShape> CreateShapeNames { get; } = new(
        ("flat", CreateShape.Flat),
        ("flat-no-username", CreateShape.FlatNoUsername),
        ("wrapped", CreateShape.Wrapped));

    internal static NameTable<DeleteShape> DeleteShapeNames { get; } = new(
        ("message", DeleteShape.Message),
        ("wrapped", DeleteShape.Wrapped));
}
