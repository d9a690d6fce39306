# Connect-DgRegistry and Disconnect-DgRegistry with the real Docker CLI and Podman, against a
# real docker-registry on 127.0.0.1 whose htpasswd file holds a credential the emulator created,
# and against the emulator's own /v2/ endpoint. Each run happens in a child pwsh.
# NOTE: Linux only, because it needs docker-registry and htpasswd (apache2-utils) from Debian.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RegistryHelpers.psm1') -Force

    $script:Emulator = Start-TestEmulator
    $created = Invoke-RegistryChild -Variables @{ ApiKey = $Emulator.OwnerKey; BaseUri = $Emulator.Url; ProjectId = $Emulator.ProjectId } -Script @'
$credential = New-DgDistributionCredential -ProjectId $ProjectId -ApiKey $ApiKey -BaseUri $BaseUri -Comment 'registry tests'
[ordered]@{
    Id       = $credential.DistributionCredentialId
    UserName = $credential.UserName
    Secret   = [System.Net.NetworkCredential]::new('', $credential.Secret).Password
} | ConvertTo-Json -Compress
'@
    $script:CredentialId = [guid] $created.Value.Id
    $script:UserName = $created.Value.UserName
    $script:Secret = $created.Value.Secret
    $script:Registry = Start-TestRegistry -Users @{ $UserName = $Secret }

    # Logs the tool in with the created credential (or a wrong secret), and reports the login,
    # the warnings and the first error.
    $script:LoginScript = @'
$login = New-CredentialWithSecret $CredentialId $Secret |
    Connect-DgRegistry -Tool $Tool -Registry $Registry -ConfigPath $ConfigPath -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
[ordered]@{
    Login    = $login
    Warnings = @($warnings | ForEach-Object Message)
    Error    = if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] } else { $null }
} | ConvertTo-Json -Compress -Depth 4
'@

    # Logs out twice, piping a DgRegistryLogin so that Registry, Tool and ConfigPath bind by
    # property name, and reports each run's verbose and warning messages.
    $script:LogoutScript = @'
$login = [DeepgramOnPrem.DgRegistryLogin]@{ Registry = $Registry; Tool = $Tool; ConfigPath = $ConfigPath; UserName = 'unused' }
$runs = foreach ($attempt in 1, 2) {
    $records = $login | Disconnect-DgRegistry -Verbose -WarningAction Continue 4>&1 3>&1
    [ordered]@{
        Verbose  = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        Warnings = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
    }
}
[ordered]@{ First = $runs[0]; Second = $runs[1] } | ConvertTo-Json -Compress -Depth 4
'@

    function script:Get-AuthEntry([string] $Path, [string] $Key) {
        $auths = (Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json).auths
        $auths.PSObject.Properties | Where-Object Name -EQ $Key | ForEach-Object Value
    }

    function script:ConvertFrom-Base64Text([string] $Text) {
        [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Text))
    }
}

AfterAll {
    Stop-TestRegistry $Registry
    Stop-TestEmulator $Emulator
}

Describe 'Connect-DgRegistry with the real <Tool>' -ForEach @(
    @{ Tool = 'docker'; Store = 'docker-config'; File = 'docker-config/config.json' }
    @{ Tool = 'podman'; Store = 'podman/auth.json'; File = 'podman/auth.json' }
) {
    BeforeAll {
        $configPath = Join-Path $TestDrive $Store
        $configFile = Join-Path $TestDrive $File
        $variables = @{ CredentialId = $CredentialId; Secret = $Secret; Tool = $Tool; Registry = $Registry.Address; ConfigPath = $configPath }
        $login = (Invoke-RegistryChild -Variables $variables -Script $LoginScript).Value
        $entry = Get-AuthEntry $configFile $Registry.Address
    }

    It 'logs in without an error' {
        $login.Error | Should -BeNullOrEmpty
    }

    It 'returns the login' {
        $login.Login.UserName | Should -BeExactly $UserName
    }

    It 'returns the tool' {
        $login.Login.Tool | Should -BeExactly $Tool
    }

    It 'returns the credential id' {
        $login.Login.DistributionCredentialId | Should -Be $CredentialId
    }

    It 'stores the user name and secret' {
        ConvertFrom-Base64Text $entry.auth | Should -BeExactly "${UserName}:$Secret"
    }

    It 'rejects a wrong secret' {
        $variables = @{ CredentialId = $CredentialId; Secret = 'WRONG' + $Secret.Substring(5); Tool = $Tool; Registry = $Registry.Address; ConfigPath = (Join-Path $TestDrive "wrong-$Tool") }
        $failure = (Invoke-RegistryChild -Variables $variables -Script $LoginScript).Value.Error
        $failure.Id | Should -BeExactly 'RegistryCredentialRejected,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $failure.Category | Should -BeExactly 'AuthenticationError'
        $failure.Message | Should -Match 'still exists and was not recreated'
    }

    Context 'logout' {
        BeforeAll {
            $logout = (Invoke-RegistryChild -Variables @{ Tool = $Tool; Registry = $Registry.Address; ConfigPath = $configPath } -Script $LogoutScript).Value
        }

        It 'reports the removal' {
            $logout.First.Verbose | Should -Contain "Removed the $Tool login for $($Registry.Address) in $configPath."
        }

        It 'removes the entry' {
            Get-AuthEntry $configFile $Registry.Address | Should -BeNullOrEmpty
        }

        It 'warns on a second logout' {
            $logout.Second.Warnings | Should -Be @("$Tool had no login for $($Registry.Address) in $configPath, so nothing was removed.")
        }
    }
}

Describe 'An upper-case registry name with the real <Tool>' -ForEach @(
    @{ Tool = 'docker'; Store = 'upper-docker-config'; File = 'upper-docker-config/config.json' }
    @{ Tool = 'podman'; Store = 'upper-podman/auth.json'; File = 'upper-podman/auth.json' }
) {
    BeforeAll {
        # Host names are case-insensitive, but the tools store a login under the name as given,
        # and pulls look it up by the lower-case name.
        $port = $Registry.Address.Split(':')[1]
        $typed = "LOCALHOST:$port"
        $expected = "localhost:$port"
        $configPath = Join-Path $TestDrive $Store
        $configFile = Join-Path $TestDrive $File
        $variables = @{ CredentialId = $CredentialId; Secret = $Secret; Tool = $Tool; Registry = $typed; ConfigPath = $configPath }
        $login = (Invoke-RegistryChild -Variables $variables -Script $LoginScript).Value
        $keys = @((Get-Content -LiteralPath $configFile -Raw | ConvertFrom-Json).auths.PSObject.Properties.Name)
        $logout = (Invoke-RegistryChild -Variables @{ Tool = $Tool; Registry = "Localhost:$port"; ConfigPath = $configPath } -Script $LogoutScript).Value
    }

    It 'logs in without an error' {
        $login.Error | Should -BeNullOrEmpty
    }

    It 'returns the lower-case registry' {
        $login.Login.Registry | Should -BeExactly $expected
    }

    It 'stores the login under the lower-case name' {
        $keys | Should -BeExactly @($expected)
    }

    It 'logs out under a mixed-case name' {
        $logout.First.Verbose | Should -Contain "Removed the $Tool login for $expected in $configPath."
    }
}

Describe 'Disconnect-DgRegistry with a login in other letter case' {
    It 'names the entry docker logout leaves' {
        $configPath = Join-Path $TestDrive 'other-case'
        $null = New-Item -ItemType Directory -Path $configPath
        Set-Content -LiteralPath (Join-Path $configPath 'config.json') -Value '{"auths":{"QUAY.IO":{"auth":"eDp5"}}}'
        $logout = (Invoke-RegistryChild -Variables @{ Tool = 'docker'; Registry = 'quay.io'; ConfigPath = $configPath } -Script $LogoutScript).Value
        $logout.First.Warnings | Should -HaveCount 1
        $logout.First.Warnings[0] | Should -Match ([regex]::Escape("config.json still has a login under 'QUAY.IO'"))
        $logout.First.Warnings[0] | Should -Match 'logout QUAY\.IO$'
    }
}

Describe 'Connect-DgRegistry docker messages' {
    It 'warns that the login is stored unencrypted' {
        $variables = @{ CredentialId = $CredentialId; Secret = $Secret; Tool = 'docker'; Registry = $Registry.Address; ConfigPath = (Join-Path $TestDrive 'unencrypted') }
        $login = (Invoke-RegistryChild -Variables $variables -Script $LoginScript).Value
        $login.Warnings | Should -Match 'stored unencrypted'
    }

    It 'reports an unreachable registry' {
        $variables = @{ CredentialId = $CredentialId; Secret = $Secret; Tool = 'docker'; Registry = "127.0.0.1:$(Get-FreeTcpPort)"; ConfigPath = (Join-Path $TestDrive 'unreachable') }
        $failure = (Invoke-RegistryChild -Variables $variables -Script $LoginScript).Value.Error
        $failure.Id | Should -BeExactly 'RegistryUnreachable,DeepgramOnPrem.Commands.ConnectDgRegistryCommand'
        $failure.Category | Should -BeExactly 'ConnectionError'
    }
}

Describe 'The main job against the emulator registry' {
    BeforeAll {
        $configPath = Join-Path $TestDrive 'main-job'
        $run = Invoke-RegistryChild -Variables @{ ApiKey = $Emulator.OwnerKey; BaseUri = $Emulator.Url; Registry = $Emulator.HostPort; ConfigPath = $configPath } -Script @'
$null = Connect-DgAccount -ApiKey $ApiKey -BaseUri $BaseUri
$login = Get-DgProject -Name 'Acme on-prem' | New-DgDistributionCredential | Connect-DgRegistry -Registry $Registry -ConfigPath $ConfigPath -WarningAction SilentlyContinue
[ordered]@{ Login = $login } | ConvertTo-Json -Compress
'@
        $entry = Get-AuthEntry (Join-Path $configPath 'config.json') $Emulator.HostPort
    }

    It 'returns the login' {
        $run.Value.Login.Registry | Should -BeExactly $Emulator.HostPort
    }

    It 'stores an auths entry for the emulator' {
        $entry | Should -Not -BeNullOrEmpty
    }

    It 'stores the new credential user name' {
        ConvertFrom-Base64Text $entry.auth | Should -BeLike "$($run.Value.Login.UserName):*"
    }
}
