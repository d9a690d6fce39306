# ConvertTo-DgImagePullSecret in a child pwsh: the manifest decodes back to the credential's
# user name and secret. YamlDotNet parses the YAML form in the xunit suite
# (ImagePullSecretWriterTests); here the YAML is checked line by line.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'RegistryHelpers.psm1') -Force

    $script:CredentialId = [guid]::NewGuid()
    $script:UserName = "deepgram+$CredentialId"
    $script:Secret = 'R2D2C3PO4BB8K2SO5IG88L3372X5Q9W0E1R2T3Y4U5I6O7P8A9S0D1F2G3H4J5K6'

    function script:ConvertFrom-Base64Text([string] $Text) {
        [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Text))
    }
}

Describe 'ConvertTo-DgImagePullSecret -AsJson' {
    BeforeAll {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $CredentialId; Secret = $Secret } -Script @'
$manifest = New-CredentialWithSecret $CredentialId $Secret | ConvertTo-DgImagePullSecret -AsJson -Namespace 'deepgram'
[ordered]@{ Manifest = $manifest } | ConvertTo-Json -Compress
'@
        $manifest = $run.Value.Manifest | ConvertFrom-Json
        $dockerConfig = ConvertFrom-Base64Text $manifest.data.'.dockerconfigjson' | ConvertFrom-Json
        $auth = $dockerConfig.auths.'quay.io'
    }

    It 'is a Secret' { $manifest.kind | Should -BeExactly 'Secret' }

    It 'has the dockerconfigjson type' { $manifest.type | Should -BeExactly 'kubernetes.io/dockerconfigjson' }

    It 'has the default name' { $manifest.metadata.name | Should -BeExactly 'deepgram-quay' }

    It 'has the namespace' { $manifest.metadata.namespace | Should -BeExactly 'deepgram' }

    It 'decodes to the user name' { $auth.username | Should -BeExactly $UserName }

    It 'decodes to the secret' { $auth.password | Should -BeExactly $Secret }

    It 'has a matching auth field' { ConvertFrom-Base64Text $auth.auth | Should -BeExactly "${UserName}:$Secret" }
}

Describe 'ConvertTo-DgImagePullSecret as YAML' {
    BeforeAll {
        $run = Invoke-RegistryChild -Variables @{ UserName = $UserName; Secret = $Secret } -Script @'
$credential = [pscredential]::new($UserName, (ConvertTo-SecureString $Secret -AsPlainText -Force))
$manifest = ConvertTo-DgImagePullSecret -Credential $credential -Name 'pull.example' -Namespace 'yes' -Registry 'registry.example.com:5000'
[ordered]@{ Manifest = $manifest } | ConvertTo-Json -Compress
'@
        $lines = $run.Value.Manifest -split "`n"
        $data = ($lines | Where-Object { $_ -match '^\s+\.dockerconfigjson: "(?<value>[^"]+)"$' } | ForEach-Object { $Matches.value })
        $auth = (ConvertFrom-Base64Text $data | ConvertFrom-Json).auths.'registry.example.com:5000'
    }

    It 'has the dockerconfigjson type' { $lines | Should -Contain 'type: kubernetes.io/dockerconfigjson' }

    It 'quotes the name' { $lines | Should -Contain '  name: "pull.example"' }

    It 'quotes a namespace YAML would read as a boolean' { $lines | Should -Contain '  namespace: "yes"' }

    It 'decodes to the user name' { $auth.username | Should -BeExactly $UserName }

    It 'decodes to the secret' { $auth.password | Should -BeExactly $Secret }
}

Describe 'ConvertTo-DgImagePullSecret with a credential from <Source>' -ForEach @(
    @{ Source = 'Clixml' }
    @{ Source = 'Job' }
) {
    BeforeAll {
        $variables = @{ CredentialId = $CredentialId; Secret = $Secret; Source = $Source; ClixmlPath = (Join-Path $TestDrive "credential-$Source.xml") }
        $run = Invoke-RegistryChild -Variables $variables -Script @'
$credential = New-DeserializedCredential -Id $CredentialId -Secret $Secret -Source $Source -ClixmlPath $ClixmlPath
$manifest = $credential | ConvertTo-DgImagePullSecret -AsJson -ErrorAction SilentlyContinue
[ordered]@{
    TypeName = $credential.PSObject.TypeNames[0]
    Manifest = $manifest
    Error    = if ($Error.Count) { ConvertTo-ErrorSummary $Error[0] } else { $null }
} | ConvertTo-Json -Compress -Depth 4
'@
    }

    It 'pipes a deserialized credential' {
        $run.Value.TypeName | Should -BeExactly 'Deserialized.DeepgramOnPrem.DgDistributionCredential'
    }

    It 'writes the manifest without an error' {
        $run.Value.Error | Should -BeNullOrEmpty
        $run.Value.Manifest | Should -Not -BeNullOrEmpty
    }

    It 'decodes to the secret' {
        $data = ($run.Value.Manifest | ConvertFrom-Json).data.'.dockerconfigjson'
        $auth = (ConvertFrom-Base64Text $data | ConvertFrom-Json).auths.'quay.io'
        $auth.username | Should -BeExactly $UserName
        $auth.password | Should -BeExactly $Secret
    }
}

Describe 'ConvertTo-DgImagePullSecret with an upper-case registry' {
    It 'writes the lower-case registry key' {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $CredentialId; Secret = $Secret } -Script @'
$manifest = New-CredentialWithSecret $CredentialId $Secret | ConvertTo-DgImagePullSecret -AsJson -Registry 'HTTPS://QUAY.IO/'
[ordered]@{ Manifest = $manifest } | ConvertTo-Json -Compress
'@
        $data = ($run.Value.Manifest | ConvertFrom-Json).data.'.dockerconfigjson'
        $keys = @((ConvertFrom-Base64Text $data | ConvertFrom-Json).auths.PSObject.Properties.Name)
        $keys | Should -BeExactly @('quay.io')
    }
}

Describe 'ConvertTo-DgImagePullSecret input checks' {
    It 'rejects a credential without a secret' {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $CredentialId } -Script @'
[DeepgramOnPrem.DgDistributionCredential]@{ DistributionCredentialId = $CredentialId } | ConvertTo-DgImagePullSecret -ErrorAction SilentlyContinue
ConvertTo-ErrorSummary $Error[0] | ConvertTo-Json -Compress
'@
        $run.Value.Id | Should -BeExactly 'CredentialHasNoSecret,DeepgramOnPrem.Commands.ConvertToDgImagePullSecretCommand'
        $run.Value.Category | Should -BeExactly 'InvalidData'
    }

    It 'rejects a blank user name' {
        $run = Invoke-RegistryChild -Variables @{ Secret = $Secret } -Script @'
$credential = [pscredential]::new(' ', (ConvertTo-SecureString $Secret -AsPlainText -Force))
$manifest = ConvertTo-DgImagePullSecret -Credential $credential -ErrorAction SilentlyContinue
$summary = ConvertTo-ErrorSummary $Error[0]
$summary.Manifest = $manifest
$summary | ConvertTo-Json -Compress
'@
        $run.Value.Id | Should -BeExactly 'CredentialHasNoUserName,DeepgramOnPrem.Commands.ConvertToDgImagePullSecretCommand'
        $run.Value.Message | Should -Match ([regex]::Escape('deepgram+<distribution credential id>'))
        $run.Value.Manifest | Should -BeNullOrEmpty
    }

    It 'rejects a name that is not a DNS subdomain' {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $CredentialId; Secret = $Secret } -Script @'
try { New-CredentialWithSecret $CredentialId $Secret | ConvertTo-DgImagePullSecret -Name 'Deepgram_Quay' }
catch { ConvertTo-ErrorSummary $_ | ConvertTo-Json -Compress }
'@
        $run.Value.Id | Should -BeExactly 'ParameterArgumentValidationError,DeepgramOnPrem.Commands.ConvertToDgImagePullSecretCommand'
        $run.Value.Message | Should -Match 'not a valid Kubernetes Secret name'
    }

    It 'rejects a namespace that is not a DNS label' {
        $run = Invoke-RegistryChild -Variables @{ CredentialId = $CredentialId; Secret = $Secret } -Script @'
try { New-CredentialWithSecret $CredentialId $Secret | ConvertTo-DgImagePullSecret -Namespace 'team.deepgram' }
catch { ConvertTo-ErrorSummary $_ | ConvertTo-Json -Compress }
'@
        $run.Value.Id | Should -BeExactly 'ParameterArgumentValidationError,DeepgramOnPrem.Commands.ConvertToDgImagePullSecretCommand'
    }
}
