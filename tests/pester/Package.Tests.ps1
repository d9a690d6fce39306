# The package that build.ps1 Package makes (tools/New-ModulePackage.ps1), published with
# PSResourceGet to a local folder repository, installed from it, imported by name in a fresh
# pwsh and used for the main job against the emulator. Every pwsh here runs with a temporary
# HOME, so the repository registration and the install never touch the real user profile.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ("dgonprem-package-" + [guid]::NewGuid().ToString('N'))
    $script:HomePath = Join-Path $script:Work 'home'
    $script:PackagePath = Join-Path $script:Work 'package'
    $script:RepositoryPath = Join-Path $script:Work 'repository'
    # .NET returns no configuration or data folder under a HOME where they do not exist, and
    # NuGet then writes NuGet/NuGet.Config into the working folder, so both are made here.
    $folders = $script:RepositoryPath, (Join-Path $script:HomePath '.config'), (Join-Path $script:HomePath '.local/share')
    New-Item -ItemType Directory -Path $folders -Force | Out-Null

    # Runs a script in a pwsh that does not import the module first, with the temporary HOME.
    function Invoke-IsolatedPwsh([string] $Script, [hashtable] $Environment = @{}) {
        $info = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ((Split-Path -Leaf ([Environment]::ProcessPath)) -like 'dotnet*') {
            $info.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
        }
        $scriptPath = Join-Path $script:Work ("step-" + [guid]::NewGuid().ToString('N') + '.ps1')
        Set-Content -Path $scriptPath -Encoding utf8 -Value "`$ErrorActionPreference = 'Stop'`n$Script"
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $scriptPath) { $info.ArgumentList.Add($argument) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $info.UseShellExecute = $false
        $info.WorkingDirectory = $script:Work
        foreach ($name in 'DEEPGRAM_API_KEY', 'DEEPGRAM_HOST', 'TF_BUILD', 'GITHUB_ACTIONS', 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') {
            $null = $info.Environment.Remove($name)
        }
        $info.Environment['HOME'] = $script:HomePath
        foreach ($entry in $Environment.GetEnumerator()) { $info.Environment[$entry.Key] = [string] $entry.Value }

        $process = [System.Diagnostics.Process]::Start($info)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(180000)) {
            $process.Kill($true)
            throw 'A packaging step did not finish within 180 seconds.'
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $stdout.Result; Error = $stderr.Result }
    }

    $moduleDirectory = Split-Path (Get-TestModulePath) -Parent
    $packager = Join-Path $PSScriptRoot '../../tools/New-ModulePackage.ps1'
    $script:PackageRun = Invoke-IsolatedPwsh "& '$packager' -ModuleDirectory '$moduleDirectory' -OutputPath '$script:PackagePath'"
    $script:Nupkg = Get-ChildItem $script:PackagePath -Filter 'DeepgramOnPrem.*.nupkg' -ErrorAction SilentlyContinue | Select-Object -First 1

    $publishRun = Invoke-IsolatedPwsh -Environment @{ DGT_NUPKG = $script:Nupkg.FullName; DGT_REPOSITORY = $script:RepositoryPath } -Script @'
Register-PSResourceRepository -Name DeepgramOnPremTest -Uri $env:DGT_REPOSITORY -Trusted
Publish-PSResource -NupkgPath $env:DGT_NUPKG -Repository DeepgramOnPremTest
$found = Find-PSResource -Name DeepgramOnPrem -Repository DeepgramOnPremTest
Install-PSResource -Name DeepgramOnPrem -Repository DeepgramOnPremTest -Scope CurrentUser -TrustRepository
$installed = Get-InstalledPSResource -Name DeepgramOnPrem
[ordered]@{
    FoundVersion      = [string] $found.Version
    InstalledVersion  = [string] $installed.Version
    InstalledLocation = $installed.InstalledLocation
} | ConvertTo-Json -Compress
'@
    $script:Publish = Get-ChildResult $publishRun

    $useRun = Invoke-IsolatedPwsh -Environment (Get-EmulatorEnvironment $script:Emulator) -Script @'
Import-Module DeepgramOnPrem
$module = Get-Module DeepgramOnPrem
$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$credential = Get-DgProject -Name 'Acme on-prem' | New-DgDistributionCredential -Comment 'package test'
$removed = $credential | Remove-DgDistributionCredential -Force -PassThru
$left = @(Get-DgDistributionCredential -ProjectId $env:DGT_PROJECT | Where-Object DistributionCredentialId -eq $credential.DistributionCredentialId)
[ordered]@{
    ModuleBase   = $module.ModuleBase
    Version      = [string] $module.Version
    Cmdlets      = @($module.ExportedCmdlets.Keys).Count
    UserName     = $credential.UserName
    ProjectId    = [string] $credential.ProjectId
    HasSecret    = $credential.HasSecret
    RemovedId    = [string] $removed.DistributionCredentialId
    CreatedId    = [string] $credential.DistributionCredentialId
    LeftCount    = $left.Count
    HelpSynopsis = [string] (Get-Help New-DgDistributionCredential).Synopsis
} | ConvertTo-Json -Compress
'@
    $script:Use = Get-ChildResult $useRun
}

AfterAll {
    Stop-TestEmulator $script:Emulator
    Remove-Item $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-ModulePackage.ps1' {
    It 'succeeds' {
        $script:PackageRun.ExitCode | Should -Be 0 -Because $script:PackageRun.Error
    }

    It 'writes a nupkg' {
        $script:Nupkg | Should -Not -BeNullOrEmpty
    }

    It 'stages the module folder' {
        Join-Path $script:PackagePath 'DeepgramOnPrem/DeepgramOnPrem.psd1' | Should -Exist
    }

    It 'stages the help' {
        Join-Path $script:PackagePath 'DeepgramOnPrem/en-US/DeepgramOnPrem.dll-Help.xml' | Should -Exist
    }

    It 'stages the licence' {
        Join-Path $script:PackagePath 'DeepgramOnPrem/LICENSE' | Should -Exist
    }

    It 'leaves out build-only files' {
        @(Get-ChildItem (Join-Path $script:PackagePath 'DeepgramOnPrem') -Recurse -File |
                Where-Object { $_.Extension -in '.pdb', '.json' -or $_.Name -eq 'DeepgramOnPrem.xml' }).Count | Should -Be 0
    }
}

Describe 'Publish and install' {
    It 'publishes to the local repository' {
        $script:Publish.FoundVersion | Should -Be '0.1.0'
    }

    It 'installs the published version' {
        $script:Publish.InstalledVersion | Should -Be '0.1.0'
    }

    It 'installs under the temporary home' {
        $script:Publish.InstalledLocation | Should -BeLike "$($script:HomePath)*"
    }
}

Describe 'Installed module' {
    It 'imports by name from the install' {
        $script:Use.ModuleBase | Should -BeLike "$($script:HomePath)*"
    }

    It 'exports every cmdlet' {
        $script:Use.Cmdlets | Should -Be 9
    }

    It 'creates a credential in the named project' {
        $script:Use.ProjectId | Should -Be ([string] $script:Emulator.ProjectId)
    }

    It 'returns the secret once' {
        $script:Use.HasSecret | Should -BeTrue
    }

    It 'names the registry user' {
        $script:Use.UserName | Should -Be "deepgram+$($script:Use.CreatedId)"
    }

    It 'removes the credential' {
        $script:Use.RemovedId | Should -Be $script:Use.CreatedId
    }

    It 'leaves no credential behind' {
        $script:Use.LeftCount | Should -Be 0
    }

    It 'ships its help' {
        $script:Use.HelpSynopsis | Should -Match 'distribution credential'
    }
}
