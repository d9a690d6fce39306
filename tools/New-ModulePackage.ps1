#Requires -Version 7.2
<#
.SYNOPSIS
    Packages the built module as a clean module folder and a .nupkg for PSResourceGet.

.DESCRIPTION
    Copies only what the module needs at run time from the build output into
    <OutputPath>/DeepgramOnPrem: the DLLs, the manifest, the format file, the en-US help and
    the licence. It checks that the manifest is valid and that every file the manifest and
    Get-Help need is present, then writes DeepgramOnPrem.<version>.nupkg into OutputPath with
    Compress-PSResource, from Microsoft.PowerShell.PSResourceGet 1.1 or later (PowerShell
    7.6 ships 1.2.1). No network is used.

    The .nupkg can be published with Publish-PSResource -NupkgPath to any repository,
    including a local folder registered with Register-PSResourceRepository, and installed
    from there with Install-PSResource.

    build.ps1 Package runs this script in a child pwsh after a build.

.PARAMETER ModuleDirectory
    The built module folder, normally out/DeepgramOnPrem.

.PARAMETER OutputPath
    The folder that receives the clean module folder and the .nupkg, normally out/package. Its
    previous content is deleted.

.EXAMPLE
    dotnet pwsh tools/New-ModulePackage.ps1 -ModuleDirectory out/DeepgramOnPrem -OutputPath out/package
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModuleDirectory,

    [Parameter(Mandatory)]
    [string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModuleName = 'DeepgramOnPrem'
$LicensePath = Join-Path $PSScriptRoot '../LICENSE'

$ModuleDirectory = (Resolve-Path $ModuleDirectory).Path
$manifestPath = Join-Path $ModuleDirectory "$ModuleName.psd1"
if (-not (Test-Path $manifestPath)) {
    throw "No module manifest at '$manifestPath'. Run 'dotnet pwsh ./build.ps1 Build' first, or pass the built module folder to -ModuleDirectory."
}

if (Test-Path $OutputPath) { Remove-Item $OutputPath -Recurse -Force }
$stage = Join-Path $OutputPath $ModuleName
New-Item -ItemType Directory -Path $stage -Force | Out-Null
$OutputPath = (Resolve-Path $OutputPath).Path

# The run-time files only: no .pdb, no XML documentation, no deps.json.
Get-ChildItem $ModuleDirectory -File |
    Where-Object { $_.Extension -in '.dll', '.psd1', '.ps1xml' } |
    Copy-Item -Destination $stage
$helpFolder = Join-Path $ModuleDirectory 'en-US'
if (Test-Path $helpFolder) {
    Copy-Item $helpFolder -Destination $stage -Recurse
}
if (Test-Path $LicensePath) {
    Copy-Item $LicensePath -Destination (Join-Path $stage 'LICENSE')
}

# Checks that would otherwise surface only after an install.
$manifest = Import-PowerShellDataFile (Join-Path $stage "$ModuleName.psd1")
$required = @($manifest.RootModule) + @($manifest.FormatsToProcess) + @(
    "en-US/$ModuleName.dll-Help.xml"
    "en-US/about_$ModuleName.help.txt"
    'LICENSE'
)
$missing = @($required | Where-Object { -not (Test-Path (Join-Path $stage $_)) })
if ($missing) {
    throw "The package would lack $($missing -join ', '). Build the module with 'dotnet pwsh ./build.ps1 Build', which writes the help, and keep LICENSE at the repository root."
}
$null = Test-ModuleManifest -Path (Join-Path $stage "$ModuleName.psd1")

Import-Module Microsoft.PowerShell.PSResourceGet -MinimumVersion 1.1.0
Compress-PSResource -Path $stage -DestinationPath $OutputPath
$package = Get-ChildItem $OutputPath -Filter "$ModuleName.*.nupkg" | Select-Object -First 1
if (-not $package) {
    throw "Compress-PSResource wrote no $ModuleName .nupkg to '$OutputPath'."
}

Write-Host "Module folder: $stage"
Write-Host "Package: $($package.FullName)"
