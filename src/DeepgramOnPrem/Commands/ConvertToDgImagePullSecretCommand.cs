using System;
using System.Management.Automation;
using System.Security;
using System.Text;
using DeepgramOnPrem.Registry;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// <para type="synopsis">Turns a distribution credential into a Kubernetes image pull Secret manifest.</para>
    /// <para type="description">Writes a Secret of type kubernetes.io/dockerconfigjson, as YAML (the default) or JSON, for kubectl apply -f -. The manifest contains the secret in base64, so treat it like the secret itself.</para>
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "DgImagePullSecret", DefaultParameterSetName = InputObjectSet)]
    [OutputType(typeof(string))]
    public sealed class ConvertToDgImagePullSecretCommand : DgCmdlet
    {
        public const string InputObjectSet = "InputObject";
        public const string CredentialSet = "Credential";

        /// <summary>The Secret name when -Name is not given.</summary>
        public const string DefaultName = "deepgram-quay";

        /// <summary>
        /// <para type="description">The distribution credential, as New-DgDistributionCredential returns it, also after Export-Clixml and Import-Clixml or as the output of a job. Accepts pipeline input.</para>
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        [DistributionCredentialTransformation]
        [ValidateNotNull]
        public DgDistributionCredential? InputObject { get; set; }

        /// <summary>
        /// <para type="description">The user name (deepgram+&lt;id&gt;) and secret as a PSCredential. Accepts pipeline input.</para>
        /// </summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = CredentialSet)]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// <para type="description">The Secret's name, a DNS-1123 subdomain (lower-case letters, digits, '-' and '.'). Defaults to deepgram-quay.</para>
        /// </summary>
        [Parameter]
        [ValidateKubernetesName(Namespace = false)]
        public string Name { get; set; } = DefaultName;

        /// <summary>
        /// <para type="description">The namespace to put in the manifest, a DNS-1123 label. Without it the manifest has no namespace, and kubectl uses the current context's.</para>
        /// </summary>
        [Parameter]
        [ValidateKubernetesName(Namespace = true)]
        public string? Namespace { get; set; }

        /// <summary>
        /// <para type="description">The registry host the Secret logs in to, such as quay.io. Defaults to the credential's Registry property, else quay.io.</para>
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Registry { get; set; }

        /// <summary>
        /// <para type="description">Writes the manifest as JSON instead of YAML.</para>
        /// </summary>
        [Parameter]
        public SwitchParameter AsJson { get; set; }

        protected override void ProcessRecord()
        {
            string userName;
            SecureString? secret;
            object target;
            if (ParameterSetName == CredentialSet)
            {
                userName = Credential!.UserName;
                secret = Credential.Password;
                target = Credential;
            }
            else
            {
                userName = InputObject!.UserName;
                secret = InputObject.HasSecret ? InputObject.Secret : null;
                target = InputObject;
            }

            if (string.IsNullOrWhiteSpace(userName))
            {
                WriteError(RegistryErrorRecords.NoUserName(userName, target, "be turned into an image pull Secret"));
                return;
            }

            if (secret == null || secret.Length == 0)
            {
                WriteError(RegistryErrorRecords.NoSecret(userName, InputObject != null, target, "be turned into an image pull Secret"));
                return;
            }

            if (!RegistryErrorRecords.TryNormalizeRegistry(this, Registry ?? InputObject?.Registry, target, out string registry))
            {
                return;
            }

            byte[] secretBytes = SecretConversion.ToUtf8Bytes(secret);
            string data;
            try
            {
                data = ImagePullSecretWriter.EncodeData(registry, userName, secretBytes);

                // The runner masks the secret, the base64 pair and the manifest's base64 value in
                // the job log only from the moment they are registered, so before the manifest.
                if (CiLogMasking.IsEnabled(Environment.GetEnvironmentVariable))
                {
                    CiLogMasking.Register(
                        Environment.GetEnvironmentVariable,
                        Console.Out,
                        new UTF8Encoding(false).GetString(secretBytes),
                        ImagePullSecretWriter.EncodeAuth(userName, secretBytes),
                        data);
                }
            }
            finally
            {
                Array.Clear(secretBytes, 0, secretBytes.Length);
            }

            WriteObject(ImagePullSecretWriter.WriteManifest(Name, Namespace, data, AsJson));
        }
    }

    /// <summary>
    /// Validates a Kubernetes Secret name (a DNS-1123 subdomain) or namespace (a DNS-1123 label),
    /// with a message that states the rule.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateKubernetesNameAttribute : ValidateArgumentsAttribute
    {
        /// <summary>True to check a namespace (a label), false for an object name (a subdomain).</summary>
        public bool Namespace { get; set; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object? value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            string? name = value as string;
            if (Namespace ? KubernetesNames.IsDnsLabel(name) : KubernetesNames.IsDnsSubdomain(name))
            {
                return;
            }

            throw new ValidationMetadataException(Namespace
                ? "'" + name + "' is not a valid Kubernetes namespace. Use at most " + KubernetesNames.MaxLabelLength + " lower-case letters, digits and '-', starting and ending with a letter or digit, such as deepgram."
                : "'" + name + "' is not a valid Kubernetes Secret name. Use at most " + KubernetesNames.MaxSubdomainLength + " lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, such as " + ConvertToDgImagePullSecretCommand.DefaultName + ".");
        }
    }
}
