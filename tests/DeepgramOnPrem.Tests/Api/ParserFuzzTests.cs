using System.Text;
using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

/// <summary>
/// Property: whatever bytes a server or proxy sends, every parser ends in a result or a
/// <see cref="DeepgramApiException"/>, never another exception type.
/// </summary>
public class ParserFuzzTests
{
    private static readonly string[] Seeds =
    {
        """{"distribution_credentials_id":"1a9a9729-5b39-4445-86c4-c1e8a989306f","provider":"quay","username":"deepgram+1a9a9729-5b39-4445-86c4-c1e8a989306f","secret":"EXAMPLESECRET0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDE","comment":"c","scopes":["onprem:product:api"],"tags":["t"],"created":"2023-06-28T22:05:10.286665Z"}""",
        """{"member":{"member_id":"m","email":"e@example.com"},"distribution_credentials":{"distribution_credentials_id":"1a9a9729-5b39-4445-86c4-c1e8a989306f","provider":"quay","comment":null,"scopes":[],"created":"2023-06-28T22:05:10+02:00"}}""",
        CredentialListReaderTests.BuildList(3),
        """{"distribution_credentials":[]}""",
        """{"projects":[{"project_id":"9f870faf-07a9-41b1-aa0d-de5030cb9bdc","name":"Acme","company":"A"}]}""",
        """{"project_id":"9f870faf-07a9-41b1-aa0d-de5030cb9bdc","name":"Acme","mip_opt_out":false}""",
        """{"message":"Distribution credentials deleted."}""",
        """{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"r"}""",
        """{"category":"BAD_REQUEST","message":"m","details":"d","request_id":"r"}""",
        "<html><head><title>502 Bad Gateway</title></head></html>",
        "\"plain string\"",
        "",
    };

    private static readonly string[] Fragments =
    {
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1e999", "1e400", "\"\\u0000\"", "\"\\ud800\"", "\\", "0x1F",
        "\"distribution_credentials\"", "\"distribution_credentials_id\"", "\"created\"", "\"scopes\"", "\"9999-99-99T99:99:99Z\"",
        "\"00000000-0000-0000-0000-000000000000\"", new string('[', 200), new string('{', 70), "\u00ff", "\uFEFF",
    };

    [Fact]
    public async Task MutatedBodies_EndInResultOrDeepgramException()
    {
        var random = new Random(20261204);
        int results = 0;
        int rejections = 0;
        for (int i = 0; i < 6000; i++)
        {
            byte[] body = Mutate(random, Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]));
            (int ok, int rejected) = await RunAllParsers(body, i);
            results += ok;
            rejections += rejected;
        }

        // Both outcomes must occur, or the mutations are too weak (or too destructive) to test anything.
        Assert.True(results > 1000, "only " + results + " bodies parsed");
        Assert.True(rejections > 1000, "only " + rejections + " bodies were rejected");
    }

    [Fact]
    public async Task RandomBytes_EndInResultOrDeepgramException()
    {
        var random = new Random(42);
        for (int i = 0; i < 3000; i++)
        {
            byte[] body = new byte[random.Next(0, 300)];
            random.NextBytes(body);
            await RunAllParsers(body, i);
        }
    }

    private static async Task<(int Ok, int Rejected)> RunAllParsers(byte[] body, int iteration)
    {
        int ok = 0;
        int rejected = 0;
        var parsers = new (string Name, Func<Task> Parse)[]
        {
            ("ParseCredential", () => { ResponseParser.ParseCredential(body, Guid.Empty); return Task.CompletedTask; }),
            ("ParseCredentialList", () => { ResponseParser.ParseCredentialList(body, Guid.Empty); return Task.CompletedTask; }),
            ("ParseProjects", () => { ResponseParser.ParseProjects(body); return Task.CompletedTask; }),
            ("ParseProject", () => { ResponseParser.ParseProject(body); return Task.CompletedTask; }),
            ("ParseDeleteResponse", () => { ResponseParser.ParseDeleteResponse(body); return Task.CompletedTask; }),
            ("ParseError", () => { ResponseParser.ParseError(body, iteration % 2 == 0 ? "application/json" : "text/html"); return Task.CompletedTask; }),
            ("CredentialListReader", async () =>
            {
                using var reader = CredentialListReader.FromStream(new MemoryStream(body), Guid.Empty);
                while (await reader.ReadNextAsync(CancellationToken.None) != null)
                {
                }
            }),
        };

        foreach (var (name, parse) in parsers)
        {
            try
            {
                await parse();
                ok++;
            }
            catch (DeepgramApiException)
            {
                rejected++;
            }
            catch (Exception ex)
            {
                Assert.Fail(name + " threw " + ex.GetType().FullName + " on body " + Convert.ToBase64String(body) + ": " + ex.Message);
            }
        }

        return (ok, rejected);
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = new List<byte>(seed);
        int steps = random.Next(1, 4);
        for (int step = 0; step < steps; step++)
        {
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                    break;
                case 1 when bytes.Count > 0:
                    int start = random.Next(bytes.Count);
                    bytes.RemoveRange(start, Math.Min(bytes.Count - start, random.Next(1, 8)));
                    break;
                case 2:
                    bytes.InsertRange(random.Next(bytes.Count + 1), Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 3 when bytes.Count > 0:
                    int cut = random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 4 when bytes.Count > 1:
                    int a = random.Next(bytes.Count);
                    int b = random.Next(bytes.Count);
                    (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
                    break;
                default:
                    // Leaves the body valid often enough that the parse path is exercised too.
                    break;
            }
        }

        return bytes.ToArray();
    }
}
