using Microsoft.AspNetCore.Http;

namespace DeepgramOnPrem.Emulator.Http;

/// <summary>Error that an API handler raises to end the request with <see cref="Error"/>.</summary>
internal sealed class ApiException(ApiError error) : Exception(error.Message)
{
    public ApiError Error { get; } = error;

    /// <summary>Wraps an API handler so that an <see cref="ApiException"/> becomes an error response in the configured shape.</summary>
    public static RequestDelegate Handle(EmulatorState state, RequestDelegate handler) => async context =>
    {
        try
        {
            await handler(context);
        }
        catch (ApiException ex)
        {
            await ApiErrors.WriteAsync(context, state.Config.ErrorShape, ex.Error);
        }
    };
}
