# The default table view of each output type, rendered at 80 columns in a child pwsh: sample
# objects (one credential carries a known secret) and real objects from the emulator.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator
    $script:SampleSecret = 'SAMPLESECRET0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEF'

    $run = Invoke-ChildPwsh -Environment ($script:EmulatorEnvironment + @{ DGT_SAMPLE_SECRET = $script:SampleSecret }) -Script @'
function Get-TableText($InputObject) {
    $InputObject | Format-Table | Out-String -Width 80
}

$credential = [DeepgramOnPrem.DgDistributionCredential]::new()
$credential.DistributionCredentialId = '9e4b0a51-3c2d-4e8f-a1b7-6c5d4e3f2a10'
$credential.ProjectId = '0b5a4c1e-8f1d-4a3e-9c2b-6d7e8f9a0b1c'
$credential.Comment = 'a comment long enough to be cut to the width of its column'
$credential.Scopes = 'self-hosted:product:api', 'self-hosted:product:engine'
$credential.Created = [DateTimeOffset]::Parse('2024-05-06T07:08:09.123456+00:00')
$credential.Secret = ConvertTo-SecureString $env:DGT_SAMPLE_SECRET -AsPlainText -Force

$project = [DeepgramOnPrem.DgProject]@{ ProjectId = '0b5a4c1e-8f1d-4a3e-9c2b-6d7e8f9a0b1c'; Name = 'Acme on-prem' }
$connection = [DeepgramOnPrem.DgConnection]@{ BaseUri = 'https://api.deepgram.com/'; KeyFingerprint = '…3b1f'; Validated = $true; ProjectCount = 2 }
$login = [DeepgramOnPrem.DgRegistryLogin]@{
    Registry = 'quay.io'; UserName = $credential.UserName; Tool = 'podman'; ConfigPath = '/home/agent/.config/containers/auth.json'
    DistributionCredentialId = $credential.DistributionCredentialId
}

$realConnection = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$realProject = Get-DgProject -ProjectId $env:DGT_PROJECT
$realCredential = New-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Comment 'views test'
$realSecret = ConvertFrom-SecureString $realCredential.Secret -AsPlainText
$null = Remove-DgDistributionCredential -ProjectId $env:DGT_PROJECT -Id $realCredential.DistributionCredentialId -Force

[ordered]@{
    Views = [ordered]@{
        DgDistributionCredential     = Get-TableText @($credential, $credential)
        DgDistributionCredentialList = $credential | Format-List | Out-String -Width 80
        DgProject                    = Get-TableText $project
        DgConnection                 = Get-TableText $connection
        DgRegistryLogin              = Get-TableText $login
        RealCredential               = Get-TableText $realCredential
        RealConnection               = Get-TableText $realConnection
        RealProject                  = Get-TableText $realProject
    }
    RealSecret       = $realSecret
    RealCredentialId = [string] $realCredential.DistributionCredentialId
} | ConvertTo-Json -Depth 4 -Compress
'@
    $script:Result = Get-ChildResult $run
    $script:Views = $script:Result.Views
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe 'Default views' {
    BeforeDiscovery {
        $credentialHeader = 'DistributionCredentialId Comment Created'
        $connectionHeader = 'BaseUri Key RouteFamily Validated Projects'
        $script:ViewCases = @(
            @{ View = 'DgDistributionCredential'; Header = $credentialHeader; Shows = '9e4b0a51-3c2d-4e8f-a1b7-6c5d4e3f2a10' }
            @{ View = 'DgProject'; Header = 'ProjectId Name'; Shows = 'Acme on-prem' }
            @{ View = 'DgConnection'; Header = $connectionHeader; Shows = '…3b1f' }
            @{ View = 'DgRegistryLogin'; Header = 'Tool Registry UserName'; Shows = 'deepgram+9e4b0a51-3c2d-4e8f-a1b7-6c5d4e3f2a10' }
            @{ View = 'RealCredential'; Header = $credentialHeader; Shows = 'views test' }
            @{ View = 'RealConnection'; Header = $connectionHeader; Shows = 'http://127.0.0.1:' }
            @{ View = 'RealProject'; Header = 'ProjectId Name'; Shows = 'Acme on-prem' }
        )
    }

    Context '<View>' -ForEach $script:ViewCases {
        BeforeAll {
            $script:Text = $script:Views.$View
            $script:Lines = @($script:Text -split "`r?`n")
        }

        It 'uses the module view' {
            # The first line of a table is its header; without the view it would list other properties.
            $firstLine = $script:Lines | Where-Object { $_.Trim() } | Select-Object -First 1
            ($firstLine.Trim() -split '\s+') -join ' ' | Should -Be $Header
        }

        It 'fits in 80 columns' {
            $longest = ($script:Lines | Measure-Object -Property Length -Maximum).Maximum
            $longest | Should -BeLessOrEqual 80
        }

        It 'shows <Shows> in full' {
            $script:Text | Should -Match ([regex]::Escape($Shows))
        }

        It 'has no Secret column' {
            $script:Text | Should -Not -Match '\bSecret\b'
        }

        It 'shows no sample secret' {
            $script:Text | Should -Not -Match $script:SampleSecret
        }

        It 'shows no real secret' {
            $script:Text | Should -Not -Match ([regex]::Escape($script:Result.RealSecret))
        }

        It 'shows no API key' {
            $script:Text | Should -Not -Match ([regex]::Escape($script:Emulator.OwnerKey))
        }
    }

    Context 'credential list view' {
        BeforeAll {
            $script:List = $script:Views.DgDistributionCredentialList
        }

        It 'shows the user name' {
            $script:List | Should -Match 'UserName\s+: deepgram\+9e4b0a51-3c2d-4e8f-a1b7-6c5d4e3f2a10'
        }

        It 'says a secret is held' {
            $script:List | Should -Match 'HasSecret\s+: True'
        }

        It 'has no Secret property' {
            $script:List | Should -Not -Match '(?m)^Secret\s'
        }

        It 'shows no sample secret' {
            $script:List | Should -Not -Match $script:SampleSecret
        }
    }
}

Describe 'Emulator sample' {
    It 'created a credential with a secret' {
        $script:Result.RealSecret | Should -Match '^[A-Z0-9]{64}$'
    }
}
