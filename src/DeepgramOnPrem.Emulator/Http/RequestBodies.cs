using Microsoft.AspNetCore.Http;

namespace DeepgramOnPrem.Emulator.Http;

internal static class RequestBodies
{
    /// <summary>Reads the whole request body. Kestrel's request size limit (30 MB by default) caps it.</summary>
    public static async Task<byte[]> ReadAllAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }
}
