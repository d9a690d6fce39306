@{
    RootModule           = 'DeepgramOnPrem.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0f3c52-9a8e-4d47-9b6c-2f4f3e1d8a71'
    Author               = 'DeepgramOnPrem contributors'
    CompanyName          = 'DeepgramOnPrem contributors'
    Copyright            = '(c) DeepgramOnPrem contributors. MIT License.'
    Description          = 'Creates, lists and deletes Deepgram self-hosted distribution credentials, and logs Docker or Podman in to quay.io with them.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('DeepgramOnPrem.Format.ps1xml')
    CmdletsToExport      = @(
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
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Deepgram', 'SelfHosted', 'OnPrem', 'Docker', 'Podman', 'Quay', 'Registry', 'Credentials', 'Kubernetes', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://github.com/deepgramonprem/DeepgramOnPrem/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/deepgramonprem/DeepgramOnPrem'
            ReleaseNotes = 'First release: distribution credentials, registry login for Docker and Podman, Kubernetes pull secrets.'
        }
    }
}
