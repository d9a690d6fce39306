# Tab completion through TabExpansion2 in a child pwsh: -Scope from the scope list, -ProjectId
# from the emulator's projects, and -Provider and -Tool from their ValidateSet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Emulator = Start-TestEmulator
    $script:EmulatorEnvironment = Get-EmulatorEnvironment $script:Emulator

    $run = Invoke-ChildPwsh -Environment $script:EmulatorEnvironment -Script @'
function Get-Completion([string] $Line) {
    $result = TabExpansion2 -inputScript $Line -cursorColumn $Line.Length
    @($result.CompletionMatches | ForEach-Object {
        [ordered]@{ Text = $_.CompletionText; ListItem = $_.ListItemText; ToolTip = $_.ToolTip }
    })
}

$Error.Clear()
$result = [ordered]@{}
$result.OnPremScopes = Get-Completion 'New-DgDistributionCredential -Scope onprem:product:'
$result.SelfHostedScopes = Get-Completion 'New-DgDistributionCredential -Scope self-hosted:'
$result.SecondScope = Get-Completion 'New-DgDistributionCredential -Scope self-hosted:products, onprem:product:e'
$result.Provider = Get-Completion 'New-DgDistributionCredential -Provider '
$result.ConnectTool = Get-Completion 'Connect-DgRegistry -Tool '
$result.DisconnectTool = Get-Completion 'Disconnect-DgRegistry -Tool p'

# No key anywhere yet: nothing is offered and nothing is requested.
$result.BeforeConnect = Get-Completion 'New-DgDistributionCredential -ProjectId '
$result.ErrorsBeforeConnect = $Error.Count

$null = Connect-DgAccount -ApiKey $env:DGT_OWNER -BaseUri $env:DGT_URL
$result.Projects = [ordered]@{}
foreach ($command in 'New-DgDistributionCredential', 'Get-DgDistributionCredential', 'Remove-DgDistributionCredential', 'Get-DgProject') {
    $result.Projects[$command] = Get-Completion "$command -ProjectId "
}
$result.ByName = Get-Completion "Get-DgDistributionCredential -ProjectId 'Acme on"
$result.ByIdPrefix = Get-Completion "Get-DgDistributionCredential -ProjectId $($env:DGT_PROJECT.Substring(0, 8))"

$Error.Clear()
$result.InvalidKey = Get-Completion "Get-DgProject -ApiKey $env:DGT_INVALID -ProjectId "
$watch = [System.Diagnostics.Stopwatch]::StartNew()
$result.Unreachable = Get-Completion 'Get-DgProject -BaseUri http://127.0.0.1:9 -ProjectId '
$result.UnreachableMs = $watch.ElapsedMilliseconds
$result.ErrorsAfterFailures = $Error.Count
$result | ConvertTo-Json -Depth 6 -Compress
'@
    $script:Result = Get-ChildResult $run
    $script:Products = 'api', 'engine', 'license-proxy', 'billing', 'hotpepper', 'metrics-server', 'dgtools'
    $script:ProjectIds = @([string] $script:Emulator.ProjectId, [string] $script:Emulator.CloudProjectId) | Sort-Object
}

AfterAll {
    Stop-TestEmulator $script:Emulator
}

Describe '-Scope completion' {
    It 'offers every onprem product' {
        @($script:Result.OnPremScopes.Text) | Should -Be ($script:Products | ForEach-Object { "onprem:product:$_" })
    }

    It 'offers every self-hosted scope' {
        @($script:Result.SelfHostedScopes.Text) | Should -Be (@('self-hosted:products') + ($script:Products | ForEach-Object { "self-hosted:product:$_" }))
    }

    It 'completes a second scope' {
        @($script:Result.SecondScope.Text) | Should -Be 'onprem:product:engine'
    }
}

Describe 'ValidateSet completion' {
    It 'offers quay for -Provider' {
        @($script:Result.Provider.Text) | Should -Be 'quay'
    }

    It 'offers docker and podman for -Tool' {
        @($script:Result.ConnectTool.Text) | Should -Be 'docker', 'podman'
    }

    It 'filters -Tool by prefix' {
        @($script:Result.DisconnectTool.Text) | Should -Be 'podman'
    }
}

Describe '-ProjectId completion' {
    It 'offers nothing without a key' {
        $script:Result.BeforeConnect.Count | Should -Be 0
    }

    It 'writes no error without a key' {
        $script:Result.ErrorsBeforeConnect | Should -Be 0
    }

    It 'offers the projects on <Command>' -ForEach @(
        @{ Command = 'New-DgDistributionCredential' }
        @{ Command = 'Get-DgDistributionCredential' }
        @{ Command = 'Remove-DgDistributionCredential' }
        @{ Command = 'Get-DgProject' }
    ) {
        @($script:Result.Projects.$Command.Text | Sort-Object) | Should -Be $script:ProjectIds
    }

    It 'lists projects by name' {
        @($script:Result.Projects.'Get-DgProject'.ListItem | Sort-Object) | Should -Be 'Acme cloud', 'Acme on-prem'
    }

    It 'shows name and id in the tooltip' {
        $script:Result.Projects.'Get-DgProject'.ToolTip | Should -Contain "Acme on-prem ($($script:Emulator.ProjectId))"
    }

    It 'completes a typed name to its id' {
        @($script:Result.ByName.Text) | Should -Be "'$($script:Emulator.ProjectId)'"
    }

    It 'completes an id prefix' {
        @($script:Result.ByIdPrefix.Text) | Should -Be ([string] $script:Emulator.ProjectId)
    }

    It 'offers nothing for a rejected key' {
        $script:Result.InvalidKey.Count | Should -Be 0
    }

    It 'offers nothing for an unreachable address' {
        $script:Result.Unreachable.Count | Should -Be 0
    }

    It 'gives up on an unreachable address quickly' {
        $script:Result.UnreachableMs | Should -BeLessThan 5000
    }

    It 'writes no error on failure' {
        $script:Result.ErrorsAfterFailures | Should -Be 0
    }
}
