using System;
using System.Management.Automation;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem.Commands
{
    /// <summary>The operation that failed, which picks the advice in an error message.</summary>
    internal enum ApiOperation
    {
        Connect,
        ListProjects,
        GetProject,
        ListCredentials,
        GetCredential,
        CreateCredential,
        DeleteCredential,
    }

    /// <summary>
    /// Turns a <see cref="DeepgramApiException"/> into an <see cref="ErrorRecord"/>. This table is
    /// the module's error contract; docs/errors.md repeats it for users.
    /// <code>
    /// kind             HTTP        error id                          category             stops the pipeline
    /// Authentication   401         DeepgramAuthenticationFailed      AuthenticationError  yes
    /// PermissionDenied 403         DeepgramPermissionDenied          PermissionDenied     no
    /// NotFound         404         ProjectNotFound / DistributionCredentialNotFound / DeepgramNotFound
    ///                                                                ObjectNotFound       no
    /// InvalidRequest   400, 422    DeepgramInvalidRequest            InvalidArgument      no
    /// Conflict         409         DeepgramConflict                  ResourceExists       no
    /// RateLimited      429         DeepgramRateLimited               LimitsExceeded       no
    /// ServerError      408, 5xx    DeepgramServerError               ConnectionError      no
    /// Network          none        DeepgramUnreachable               ConnectionError      yes
    /// Timeout          none        DeepgramTimeout                   OperationTimeout     no
    /// InvalidResponse  2xx         DeepgramInvalidResponse           InvalidResult        no
    /// Unexpected       other       DeepgramUnexpectedStatus          NotSpecified         no
    /// </code>
    /// </summary>
    internal static class ApiErrors
    {
        public static bool StopsPipeline(DeepgramApiException exception) =>
            exception.Kind == DeepgramErrorKind.Authentication || exception.Kind == DeepgramErrorKind.Network;

        public static ErrorRecord ToErrorRecord(DeepgramApiException exception, ApiOperation operation, object? target, string? extraAdvice = null)
        {
            string advice = Advice(exception, operation);
            if (!string.IsNullOrEmpty(extraAdvice))
            {
                advice = extraAdvice + " " + advice;
            }

            string message = exception.Message;
            if (exception.RequestId != null)
            {
                message += " Request id: " + exception.RequestId + ".";
            }

            var record = new ErrorRecord(exception, ErrorId(exception, operation), Category(exception.Kind), target)
            {
                ErrorDetails = new ErrorDetails(message + " " + advice) { RecommendedAction = advice },
            };
            return record;
        }

        public static string ErrorId(DeepgramApiException exception, ApiOperation operation)
        {
            switch (exception.Kind)
            {
                case DeepgramErrorKind.Authentication:
                    return "DeepgramAuthenticationFailed";
                case DeepgramErrorKind.PermissionDenied:
                    return "DeepgramPermissionDenied";
                case DeepgramErrorKind.NotFound:
                    switch (operation)
                    {
                        case ApiOperation.GetProject:
                            return "ProjectNotFound";
                        case ApiOperation.GetCredential:
                        case ApiOperation.DeleteCredential:
                            return "DistributionCredentialNotFound";
                        default:
                            return "DeepgramNotFound";
                    }

                case DeepgramErrorKind.InvalidRequest:
                    return "DeepgramInvalidRequest";
                case DeepgramErrorKind.Conflict:
                    return "DeepgramConflict";
                case DeepgramErrorKind.RateLimited:
                    return "DeepgramRateLimited";
                case DeepgramErrorKind.ServerError:
                    return "DeepgramServerError";
                case DeepgramErrorKind.Network:
                    return "DeepgramUnreachable";
                case DeepgramErrorKind.Timeout:
                    return "DeepgramTimeout";
                case DeepgramErrorKind.InvalidResponse:
                    return "DeepgramInvalidResponse";
                default:
                    return "DeepgramUnexpectedStatus";
            }
        }

        private static string Attempts(int count) => count == 1 ? "1 attempt" : count + " attempts";

        public static ErrorCategory Category(DeepgramErrorKind kind)
        {
            switch (kind)
            {
                case DeepgramErrorKind.Authentication:
                    return ErrorCategory.AuthenticationError;
                case DeepgramErrorKind.PermissionDenied:
                    return ErrorCategory.PermissionDenied;
                case DeepgramErrorKind.NotFound:
                    return ErrorCategory.ObjectNotFound;
                case DeepgramErrorKind.InvalidRequest:
                    return ErrorCategory.InvalidArgument;
                case DeepgramErrorKind.Conflict:
                    return ErrorCategory.ResourceExists;
                case DeepgramErrorKind.RateLimited:
                    return ErrorCategory.LimitsExceeded;
                case DeepgramErrorKind.ServerError:
                case DeepgramErrorKind.Network:
                    return ErrorCategory.ConnectionError;
                case DeepgramErrorKind.Timeout:
                    return ErrorCategory.OperationTimeout;
                case DeepgramErrorKind.InvalidResponse:
                    return ErrorCategory.InvalidResult;
                default:
                    return ErrorCategory.NotSpecified;
            }
        }

        private static string Advice(DeepgramApiException exception, ApiOperation operation)
        {
            bool writes = operation == ApiOperation.CreateCredential || operation == ApiOperation.DeleteCredential;
            switch (exception.Kind)
            {
                case DeepgramErrorKind.Authentication:
                    if (exception.ServerMessage != null && exception.ServerMessage.IndexOf("access token", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        return "Management endpoints take an API key, not a short-lived access token: create an API key in the Deepgram console and pass it to Connect-DgAccount.";
                    }

                    return "Check the API key: it may be mistyped, deleted or expired. Create one in the Deepgram console, then run Connect-DgAccount -ApiKey again.";
                case DeepgramErrorKind.PermissionDenied:
                    return writes
                        ? "Creating or deleting distribution credentials needs a key with the owner or admin role, or the keys:write scope, in a project granted self-hosted products (contact Deepgram support for that access)."
                        : "Reading distribution credentials needs a member role or the keys:read scope, in a project granted self-hosted products (contact Deepgram support for that access).";
                case DeepgramErrorKind.NotFound:
                    if (operation == ApiOperation.GetCredential || operation == ApiOperation.DeleteCredential)
                    {
                        return "Check the credential id: list the project's credentials with Get-DgDistributionCredential -ProjectId <id>. If the project id is wrong, list projects with Get-DgProject.";
                    }

                    return "Check the project id: list your projects with Get-DgProject. If the address is not Deepgram's, check -BaseUri and DEEPGRAM_HOST.";
                case DeepgramErrorKind.InvalidRequest:
                    return "Check the parameter values named in the message. Scopes look like self-hosted:products or self-hosted:product:api, and the only provider is quay.";
                case DeepgramErrorKind.Conflict:
                    return "The request conflicts with the current state on the server: list the project's credentials with Get-DgDistributionCredential -ProjectId <id> to see that state, then try again.";
                case DeepgramErrorKind.RateLimited:
                    return "The project's concurrency limit was reached and " + Attempts(exception.Attempts) + " failed: wait a minute, or run fewer requests at once.";
                case DeepgramErrorKind.ServerError:
                    return "Deepgram's API failed after " + Attempts(exception.Attempts) + ": try again later, and give Deepgram support the request id if it persists.";
                case DeepgramErrorKind.Network:
                    return "Check the address (-BaseUri, DEEPGRAM_HOST), the network, and any proxy (HTTPS_PROXY, NO_PROXY).";
                case DeepgramErrorKind.Timeout:
                    return "Raise -TimeoutSec, or check the network and any proxy.";
                case DeepgramErrorKind.InvalidResponse:
                    return "The reply was not a Deepgram API response: check -BaseUri and any proxy in between.";
                default:
                    return "Check -BaseUri and try again.";
            }
        }
    }
}
