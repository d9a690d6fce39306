namespace DeepgramOnPrem.Api
{
    /// <summary>
    /// The path segment of the distribution credential endpoints. Deepgram documents
    /// <c>self-hosted</c>; the older <c>onprem</c> form still works.
    /// </summary>
    public enum RouteFamily
    {
        /// <summary><c>/v1/projects/{id}/self-hosted/distribution/credentials</c>.</summary>
        SelfHosted,
        /// <summary><c>/v1/projects/{id}/onprem/distribution/credentials</c>.</summary>
        OnPrem,
    }

    internal static class Routes
    {
        public const string Projects = "v1/projects";

        public static string Project(System.Guid projectId) => "v1/projects/" + projectId.ToString("D");

        public static string Credentials(System.Guid projectId, RouteFamily family)
        {
            // The hyphenless "selfhosted" spelling returns 404 on the live API, so it is never built.
            string segment = family == RouteFamily.OnPrem ? "onprem" : "self-hosted";
            return Project(projectId) + "/" + segment + "/distribution/credentials";
        }

        public static string Credential(System.Guid projectId, System.Guid credentialId, RouteFamily family) =>
            Credentials(projectId, family) + "/" + credentialId.ToString("D");
    }
}
