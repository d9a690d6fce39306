@{
    RootModule             = 'DeepgramOnPrem.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71'
    Author                 = 'DeepgramOnPrem contributors'
    CompanyName            = 'DeepgramOnPrem contributors'
    Copyright              = '(c) 2026 DeepgramOnPrem contributors. MIT License.'
    Description            = 'Creates, lists and deletes Deepgram self-hosted distribution credentials, and logs Docker or Podman in to quay.io with them, or writes a Kubernetes image pull secret, to pull Deepgram''s self-hosted container images.'

    # One netstandard2.0 DLL serves Windows PowerShell 5.1 on .NET Framework 4.7.2 or later
    # and PowerShell 7 on .NET.
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess       = @('DeepgramOnPrem.Format.ps1xml')

    CmdletsToExport        = @(
        'Connect-DgAccount'
        'Disconnect-DgAccount'
        'Get-DgProject'
        'New-DgDistributionCredential'
        'Get-DgDistributionCredential'
        'Remove-DgDistributionCredential'
        'Connect-DgRegistry'
        'Disconnect-DgRegistry'
        'ConvertTo-DgImagePullSecret'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()

    PrivateData            = @{
        PSData = @{
            Tags                     = @('Deepgram', 'SelfHosted', 'OnPrem', 'DistributionCredentials', 'Docker', 'Podman', 'Quay', 'Registry', 'Kubernetes', 'ImagePullSecret', 'Credentials', 'AzureDevOps', 'GitHubActions', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            # NOTE: the project's public repository address is assumed; change both addresses if it moves.
            ProjectUri               = 'https://github.com/deepgramonprem/DeepgramOnPrem'
            LicenseUri               = 'https://github.com/deepgramonprem/DeepgramOnPrem/blob/main/LICENSE'
            RequireLicenseAcceptance = $false
            ReleaseNotes             = @'
0.1.0, first release:
- Connect-DgAccount and Disconnect-DgAccount store an API key per runspace; keys are also read from DEEPGRAM_API_KEY and addresses from DEEPGRAM_HOST.
- Get-DgProject, New-DgDistributionCredential, Get-DgDistributionCredential and Remove-DgDistributionCredential, on the self-hosted and the older onprem routes.
- Connect-DgRegistry and Disconnect-DgRegistry for Docker and Podman, with the secret on standard input only.
- ConvertTo-DgImagePullSecret writes a kubernetes.io/dockerconfigjson Secret for kubectl apply.
- Secrets are masked in Azure DevOps and GitHub Actions logs; retries honour the server's retry headers.
- Tab completion for -Scope and -ProjectId; Get-Help for every cmdlet and about_DeepgramOnPrem.
'@
        }
    }
}
