using System;
using System.Management.Automation;
using System.Security;

namespace DeepgramOnPrem.Commands
{
    /// <summary>
    /// Lets a <see cref="SecureString"/> parameter also take a plain string or a
    /// <see cref="PSCredential"/> (its password), which scripts and pipeline variables often hold.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case SecureString secure:
                    return secure;
                case string text:
                    return SecretConversion.ToSecureString(text);
                case PSCredential credential:
                    return credential.Password;
                default:
                    throw new ArgumentTransformationMetadataException(
                        "Expected a SecureString, a string or a PSCredential, but got a " + value.GetType().FullName + ".");
            }
        }
    }
}
