using System.Text;
using DeepgramOnPrem.Api;
using Xunit;

namespace DeepgramOnPrem.Tests.Api;

public class ResponseParserTests
{
    private static readonly Guid Project = Guid.Parse("9f870faf-07a9-41b1-aa0d-de5030cb9bdc");

    private static ReadOnlyMemory<byte> Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void FlatCreate_WithoutUserName_ReadsEveryField()
    {
        // The shape of the documented example response, which has no username. The secret is made up.
        const string body = """
            {
              "distribution_credentials_id": "1a9a9729-5b39-4445-86c4-c1e8a989306f",
              "provider": "quay",
              "secret": "EXAMPLESECRET0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDE",
              "comment": "My on-prem distribution credentials",
              "scopes": ["onprem:product:api", "onprem:product:engine"],
              "created": "2023-06-28T22:05:10.286665Z"
            }
            """;

        DistributionCredentialInfo info = ResponseParser.ParseCredential(Utf8(body), Project);

        Assert.Equal(Guid.Parse("1a9a9729-5b39-4445-86c4-c1e8a989306f"), info.DistributionCredentialId);
        Assert.Equal(Project, info.ProjectId);
        Assert.Equal("quay", info.Provider);
        Assert.Equal("EXAMPLESECRET0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDE", info.Secret);
        Assert.Equal("My on-prem distribution credentials", info.Comment);
        Assert.Equal(new[] { "onprem:product:api", "onprem:product:engine" }, info.Scopes);
        Assert.Empty(info.Tags);
        Assert.Equal("deepgram+1a9a9729-5b39-4445-86c4-c1e8a989306f", info.UserName);
        Assert.Equal(new DateTimeOffset(2023, 6, 28, 22, 5, 10, TimeSpan.Zero).AddTicks(2866650), info.Created);
    }

    [Fact]
    public void FlatCreate_WithUserNameAndTags_ReadsTags()
    {
        const string body = """
            {"distribution_credentials_id":"64d1f840-3b7e-43b2-a7b6-d56756d4476d","provider":"quay",
             "username":"deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d","secret":"S","comment":"c",
             "scopes":["self-hosted:products"],"tags":["ci","agent-42"],"created":"2024-01-02T03:04:05Z"}
            """;

        DistributionCredentialInfo info = ResponseParser.ParseCredential(Utf8(body), Project);

        Assert.Equal(new[] { "ci", "agent-42" }, info.Tags);
        Assert.Equal("deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d", info.UserName);
    }

    [Fact]
    public void WrappedCreate_HasNoSecret()
    {
        // The OpenAPI spec's create shape: wrapped, with member details and no secret.
        const string body = """
            {"member":{"member_id":"m-1","email":"ops@example.com"},
             "distribution_credentials":{"distribution_credentials_id":"64d1f840-3b7e-43b2-a7b6-d56756d4476d",
             "provider":"quay","comment":null,"scopes":["self-hosted:products"],"created":"2024-01-02T03:04:05.5+02:00"}}
            """;

        DistributionCredentialInfo info = ResponseParser.ParseCredential(Utf8(body), Project);

        Assert.Null(info.Secret);
        Assert.Null(info.Comment);
        Assert.Equal("m-1", info.MemberId);
        Assert.Equal("ops@example.com", info.MemberEmail);
        Assert.Equal(TimeSpan.FromHours(2), info.Created!.Value.Offset);
    }

    [Fact]
    public void List_ReadsEntriesInOrder()
    {
        const string body = """
            {"distribution_credentials":[
              {"member":{"member_id":"m1","email":"a@example.com"},"distribution_credentials":{"distribution_credentials_id":"00000000-0000-0000-0000-000000000001","provider":"quay","comment":"first","scopes":["onprem:products"],"created":"2023-06-28T22:05:10Z"}},
              {"member":{"member_id":"m2","email":"b@example.com"},"distribution_credentials":{"distribution_credentials_id":"00000000-0000-0000-0000-000000000002","provider":"quay","scopes":[],"created":"2023-06-28T22:05:11Z","unknown_later_field":{"x":[1,2]}}}
            ],"next_page":null}
            """;

        IReadOnlyList<DistributionCredentialInfo> items = ResponseParser.ParseCredentialList(Utf8(body), Project);

        Assert.Equal(2, items.Count);
        Assert.Equal("first", items[0].Comment);
        Assert.Null(items[1].Comment);
        Assert.Equal("b@example.com", items[1].MemberEmail);
    }

    [Fact]
    public void EmptyList_ReturnsNoEntries()
    {
        Assert.Empty(ResponseParser.ParseCredentialList(Utf8("""{"distribution_credentials":[]}"""), Project));
    }

    [Fact]
    public void ListWithoutArray_IsInvalidResponse()
    {
        var ex = Assert.Throws<DeepgramApiException>(() => ResponseParser.ParseCredentialList(Utf8("""{"projects":[]}"""), Project));
        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [InlineData("""{"message":"Distribution credentials deleted."}""", "Distribution credentials deleted.")]
    [InlineData("""{"member":{"member_id":"m","email":"e"},"distribution_credentials":{"distribution_credentials_id":"00000000-0000-0000-0000-000000000001","provider":"quay","scopes":[],"created":"2023-06-28T22:05:10Z"}}""", null)]
    [InlineData("", null)]
    [InlineData("\"deleted\"", "deleted")]
    public void Delete_AcceptsEveryShape(string body, string? expected)
    {
        Assert.Equal(expected, ResponseParser.ParseDeleteResponse(Utf8(body)));
    }

    [Fact]
    public void Projects_ReadsNameAndCompany()
    {
        const string body = """{"projects":[{"project_id":"9f870faf-07a9-41b1-aa0d-de5030cb9bdc","name":"Acme on-prem","company":"Acme"},{"project_id":"00000000-0000-0000-0000-000000000009","name":"Other"}]}""";

        IReadOnlyList<ProjectInfo> projects = ResponseParser.ParseProjects(Utf8(body));

        Assert.Equal(2, projects.Count);
        Assert.Equal("Acme", projects[0].Company);
        Assert.Null(projects[1].Company);
    }

    [Fact]
    public void SingleProject_ReadsIdAndName()
    {
        ProjectInfo project = ResponseParser.ParseProject(Utf8("""{"project_id":"9f870faf-07a9-41b1-aa0d-de5030cb9bdc","name":"Acme","mip_opt_out":false}"""));

        Assert.Equal(Project, project.ProjectId);
        Assert.Equal("Acme", project.Name);
    }

    [Theory]
    [InlineData("2023-06-28T22:05:10Z", 0)]
    [InlineData("2023-06-28T22:05:10.2Z", 2000000)]
    [InlineData("2023-06-28T22:05:10.286665Z", 2866650)]
    [InlineData("2023-06-28T22:05:10.2866651Z", 2866651)]
    [InlineData("2023-06-28T22:05:10.28666512Z", 2866651)]
    [InlineData("2023-06-28T22:05:10.286665123Z", 2866651)]
    [InlineData("2023-06-28t22:05:10.5z", 5000000)]
    [InlineData("2023-06-28 22:05:10Z", 0)]
    public void Timestamp_ReadsZeroToNineFractionDigits(string text, long fractionTicks)
    {
        Assert.True(ResponseParser.TryParseTimestamp(text, out DateTimeOffset value));
        Assert.Equal(new DateTimeOffset(2023, 6, 28, 22, 5, 10, TimeSpan.Zero).AddTicks(fractionTicks), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2023-06-28T22:05:10+05:30", 330)]
    [InlineData("2023-06-28T22:05:10.123-08:00", -480)]
    [InlineData("2023-06-28T22:05:10+0100", 60)]
    [InlineData("2023-06-28T22:05:10", 0)]
    public void Timestamp_KeepsTheServersOffset(string text, int offsetMinutes)
    {
        Assert.True(ResponseParser.TryParseTimestamp(text, out DateTimeOffset value));
        Assert.Equal(TimeSpan.FromMinutes(offsetMinutes), value.Offset);
        Assert.Equal(22, value.Hour);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2023-13-28T22:05:10Z")]
    [InlineData("2023-06-28T22:05:10.1234567890Z")]
    [InlineData("2023-06-28T25:05:10Z")]
    public void Timestamp_RejectsInvalidText(string text)
    {
        Assert.False(ResponseParser.TryParseTimestamp(text, out _));
    }

    [Fact]
    public void LegacyError_ReadsCodeMessageAndRequestId()
    {
        ApiErrorBody error = ResponseParser.ParseError(Encoding.UTF8.GetBytes("""{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"r-1"}"""), "application/json");

        Assert.Equal("INVALID_AUTH", error.ErrorCode);
        Assert.Equal("Invalid credentials.", error.Message);
        Assert.Equal("r-1", error.RequestId);
    }

    [Fact]
    public void CurrentError_ReadsCategoryMessageDetails()
    {
        ApiErrorBody error = ResponseParser.ParseError(Encoding.UTF8.GetBytes("""{"category":"INSUFFICIENT_PERMISSIONS","message":"Missing scope.","details":"keys:write","request_id":"r-2"}"""), "application/json");

        Assert.Equal("INSUFFICIENT_PERMISSIONS", error.ErrorCode);
        Assert.Equal("Missing scope.", error.Message);
        Assert.Equal("keys:write", error.Details);
        Assert.Equal("r-2", error.RequestId);
    }

    [Theory]
    [InlineData("\"Project not found\"", "application/json", "Project not found")]
    [InlineData("Project not found", "text/plain", "Project not found")]
    public void StringError_BecomesMessage(string body, string contentType, string expected)
    {
        ApiErrorBody error = ResponseParser.ParseError(Encoding.UTF8.GetBytes(body), contentType);

        Assert.Null(error.ErrorCode);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void HtmlError_NamesThePageAndTheProxy()
    {
        ApiErrorBody error = ResponseParser.ParseError(Encoding.UTF8.GetBytes("<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>"), "text/html");

        Assert.Contains("502 Bad Gateway", error.Message);
        Assert.Contains("proxy", error.Message);
    }

    [Fact]
    public void EmptyError_HasNoMessage()
    {
        ApiErrorBody error = ResponseParser.ParseError(ReadOnlySpan<byte>.Empty, null);

        Assert.Null(error.Message);
        Assert.Null(error.ErrorCode);
    }

    [Fact]
    public void TruncatedJsonError_BecomesText()
    {
        ApiErrorBody error = ResponseParser.ParseError(Encoding.UTF8.GetBytes("""{"err_code":"BAD_REQ"""), "application/json");

        Assert.Equal("""{"err_code":"BAD_REQ""", error.Message);
    }

    [Theory]
    [InlineData("""{"distribution_credentials_id":"not-a-guid"}""")]
    [InlineData("""{"provider":"quay"}""")]
    [InlineData("""{"distribution_credentials_id":"1a9a9729-5b39-4445-86c4-c1e8a989306f","scopes":"onprem:products"}""")]
    [InlineData("""{"distribution_credentials_id":"1a9a9729-5b39-4445-86c4-c1e8a989306f","scopes":[1]}""")]
    [InlineData("""{"distribution_credentials_id":"1a9a9729-5b39-4445-86c4-c1e8a989306f","created":"soon"}""")]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("")]
    public void MalformedCredential_IsInvalidResponse(string body)
    {
        var ex = Assert.Throws<DeepgramApiException>(() => ResponseParser.ParseCredential(Utf8(body), Project));
        Assert.Equal(DeepgramErrorKind.InvalidResponse, ex.Kind);
    }
}
