# The module manifest as built: Test-ModuleManifest and the fields PSResourceGet and users rely on.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:SourceManifest = Join-Path $PSScriptRoot '../../DeepgramOnPrem.psd1'
    $script:ExpectedCmdlets = @(
        'Connect-DgAccount', 'Disconnect-DgAccount', 'Get-DgProject',
        'New-DgDistributionCredential', 'Get-DgDistributionCredential', 'Remove-DgDistributionCredential',
        'Connect-DgRegistry', 'Disconnect-DgRegistry', 'ConvertTo-DgImagePullSecret'
    ) | Sort-Object

    # Test-ModuleManifest may load the module's DLL, so it runs in the child too.
    $run = Invoke-ChildPwsh -Script @'
$path = Join-Path (Get-Module DeepgramOnPrem).ModuleBase 'DeepgramOnPrem.psd1'
$manifestErrors = @()
$info = Test-ModuleManifest -Path $path -ErrorAction SilentlyContinue -ErrorVariable manifestErrors
$data = Import-PowerShellDataFile $path
[ordered]@{
    Errors               = @($manifestErrors | ForEach-Object { $_.ToString() })
    Valid                = $null -ne $info
    PowerShellVersion    = [string] $info.PowerShellVersion
    CompatiblePSEditions = @($info.CompatiblePSEditions)
    ManifestCmdlets      = @($data.CmdletsToExport)
    ImportedCmdlets      = @(Get-Command -Module DeepgramOnPrem -CommandType Cmdlet | ForEach-Object Name)
    FunctionsToExport    = @($data.FunctionsToExport)
    AliasesToExport      = @($data.AliasesToExport)
    VariablesToExport    = @($data.VariablesToExport)
    FormatFiles          = @($info.ExportedFormatFiles | ForEach-Object { Split-Path -Leaf $_ })
    Tags                 = @($info.Tags)
    ProjectUri           = [string] $info.ProjectUri
    LicenseUri           = [string] $info.LicenseUri
    ReleaseNotes         = [string] $info.ReleaseNotes
    Description          = [string] $info.Description
    Author               = [string] $info.Author
    Text                 = Get-Content $path -Raw
} | ConvertTo-Json -Depth 4 -Compress
'@
    $script:Manifest = Get-ChildResult $run
}

Describe 'Module manifest' {
    It 'passes Test-ModuleManifest' {
        $script:Manifest.Valid | Should -BeTrue -Because ($script:Manifest.Errors -join '; ')
    }

    It 'reports no manifest errors' {
        @($script:Manifest.Errors).Count | Should -Be 0
    }

    It 'is the repository manifest' {
        $script:Manifest.Text.Trim() | Should -Be (Get-Content $script:SourceManifest -Raw).Trim()
    }

    It 'needs PowerShell 5.1' {
        $script:Manifest.PowerShellVersion | Should -Be '5.1'
    }

    It 'supports Desktop and Core' {
        @($script:Manifest.CompatiblePSEditions | Sort-Object) | Should -Be 'Core', 'Desktop'
    }

    It 'lists every cmdlet explicitly' {
        @($script:Manifest.ManifestCmdlets | Sort-Object) | Should -Be $script:ExpectedCmdlets
    }

    It 'exports every cmdlet on import' {
        @($script:Manifest.ImportedCmdlets | Sort-Object) | Should -Be $script:ExpectedCmdlets
    }

    It 'exports no <Kind> by wildcard' -ForEach @(
        @{ Kind = 'FunctionsToExport' }
        @{ Kind = 'AliasesToExport' }
        @{ Kind = 'VariablesToExport' }
    ) {
        @($script:Manifest.$Kind | Where-Object { $_ -match '\*' }).Count | Should -Be 0
    }

    It 'loads the format file' {
        $script:Manifest.FormatFiles | Should -Contain 'DeepgramOnPrem.Format.ps1xml'
    }

    It 'has gallery tags' {
        $script:Manifest.Tags | Should -Contain 'Deepgram'
    }

    It 'tags both editions' {
        @($script:Manifest.Tags | Where-Object { $_ -like 'PSEdition_*' } | Sort-Object) | Should -Be 'PSEdition_Core', 'PSEdition_Desktop'
    }

    It 'has a project address' {
        $script:Manifest.ProjectUri | Should -Match '^https://'
    }

    It 'has a licence address' {
        $script:Manifest.LicenseUri | Should -Match '^https://.*LICENSE'
    }

    It 'has release notes' {
        $script:Manifest.ReleaseNotes | Should -Match '0\.1\.0'
    }

    It 'has a description' {
        $script:Manifest.Description | Should -Match 'distribution credentials'
    }

    It 'has an author' {
        $script:Manifest.Author | Should -Not -BeNullOrEmpty
    }
}
