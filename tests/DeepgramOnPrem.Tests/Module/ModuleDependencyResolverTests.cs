using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace DeepgramOnPrem.Tests.Module;

public class ModuleDependencyResolverTests
{
    private const string JsonToken = "cc7b13ffcd2ddd51";

    private static ModuleDependencyResolver Resolver(params (string Path, string FullName)[] assemblies) =>
        new(assemblies.Select(a => new KeyValuePair<string, AssemblyName>(a.Path, new AssemblyName(a.FullName))));

    private static ModuleDependencyResolver JsonResolver() =>
        Resolver(("/module/System.Text.Json.dll", $"System.Text.Json, Version=8.0.0.5, Culture=neutral, PublicKeyToken={JsonToken}"));

    [Theory]
    [InlineData(".NET Framework 4.8.9290.0", true)]
    [InlineData(".NET Framework 4.7.2", true)]
    [InlineData(".NET 10.0.0", false)]
    [InlineData(".NET Core 3.1.32", false)]
    [InlineData(".NET Native", false)]
    public void HooksOnlyNetFramework(string description, bool expected)
    {
        Assert.Equal(expected, ModuleDependencyResolver.IsNetFramework(description));
    }

    [Fact]
    public void ResolvesSameVersion()
    {
        string? path = JsonResolver().Resolve($"System.Text.Json, Version=8.0.0.5, Culture=neutral, PublicKeyToken={JsonToken}");

        Assert.Equal("/module/System.Text.Json.dll", path);
    }

    [Fact]
    public void ResolvesOlderRequestedVersion()
    {
        string? path = JsonResolver().Resolve($"System.Text.Json, Version=6.0.0.0, Culture=neutral, PublicKeyToken={JsonToken}");

        Assert.Equal("/module/System.Text.Json.dll", path);
    }

    [Fact]
    public void DeclinesNewerRequestedVersion()
    {
        string? path = JsonResolver().Resolve($"System.Text.Json, Version=9.0.0.0, Culture=neutral, PublicKeyToken={JsonToken}");

        Assert.Null(path);
    }

    [Fact]
    public void IgnoresNameCase()
    {
        string? path = JsonResolver().Resolve($"system.text.json, Version=8.0.0.0, Culture=neutral, PublicKeyToken={JsonToken}");

        Assert.Equal("/module/System.Text.Json.dll", path);
    }

    [Fact]
    public void ResolvesNameWithoutVersion()
    {
        Assert.Equal("/module/System.Text.Json.dll", JsonResolver().Resolve($"System.Text.Json, PublicKeyToken={JsonToken}"));
    }

    [Fact]
    public void DeclinesOtherPublicKeyToken()
    {
        string? path = JsonResolver().Resolve("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089");

        Assert.Null(path);
    }

    [Fact]
    public void DeclinesMissingPublicKeyToken()
    {
        string? path = JsonResolver().Resolve("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=null");

        Assert.Null(path);
    }

    [Fact]
    public void DeclinesSatelliteAssembly()
    {
        string? path = JsonResolver().Resolve($"System.Text.Json, Version=8.0.0.0, Culture=de-DE, PublicKeyToken={JsonToken}");

        Assert.Null(path);
    }

    [Theory]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("System.Text.Json.resources, Version=8.0.0.0, Culture=fr, PublicKeyToken=cc7b13ffcd2ddd51")]
    public void DeclinesAssemblyOutsideFolder(string requested)
    {
        Assert.Null(JsonResolver().Resolve(requested));
    }

    [Theory]
    [InlineData("")]
    [InlineData(",,,")]
    [InlineData("System.Text.Json, Version=not-a-version")]
    public void DeclinesMalformedName(string requested)
    {
        Assert.Null(JsonResolver().Resolve(requested));
    }

    [Fact]
    public void FromDirectorySkipsModuleAndNonAssemblies()
    {
        string folder = Directory.CreateTempSubdirectory("dgonprem-resolver-").FullName;
        try
        {
            string testOutput = AppContext.BaseDirectory;
            File.Copy(Path.Combine(testOutput, "DeepgramOnPrem.dll"), Path.Combine(folder, "DeepgramOnPrem.dll"));
            File.Copy(Path.Combine(testOutput, "xunit.assert.dll"), Path.Combine(folder, "xunit.assert.dll"));
            File.WriteAllText(Path.Combine(folder, "notes.dll"), "not an assembly");

            var resolver = ModuleDependencyResolver.FromDirectory(folder, "DeepgramOnPrem");

            Assert.Equal(new[] { "xunit.assert" }, resolver.AssemblyNames);
            Assert.Null(resolver.Resolve(typeof(ModuleDependencyResolver).Assembly.FullName!));
            Assert.Equal(Path.Combine(folder, "xunit.assert.dll"), resolver.Resolve(typeof(Assert).Assembly.FullName!));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every reference between the assemblies of the built module folder, such as System.Text.Json's
    /// reference to System.Memory, resolves to the folder's file. On .NET Framework these are the
    /// loads that fail without the handler, often because a reference names an older version.
    /// </summary>
    [Fact]
    public void ResolvesBuiltModuleReferences()
    {
        string folder = FindModuleBuildFolder();
        var resolver = ModuleDependencyResolver.FromDirectory(folder, "DeepgramOnPrem");
        var names = new HashSet<string>(resolver.AssemblyNames, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("System.Text.Json", names);
        Assert.Contains("System.Memory", names);

        int checkedReferences = 0;
        foreach (string file in Directory.GetFiles(folder, "*.dll"))
        {
            foreach (AssemblyName reference in ReadReferences(file).Where(r => names.Contains(r.Name!)))
            {
                string? resolved = resolver.Resolve(reference.FullName);
                Assert.True(resolved != null, $"{Path.GetFileName(file)} references {reference.FullName}, which the resolver declined.");
                Assert.Equal(reference.Name + ".dll", Path.GetFileName(resolved), ignoreCase: true);
                checkedReferences++;
            }
        }

        Assert.True(checkedReferences >= 5, $"Only {checkedReferences} references between the module's assemblies were found in {folder}.");
    }

    private static IEnumerable<AssemblyName> ReadReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        var references = new List<AssemblyName>();
        foreach (AssemblyReferenceHandle handle in metadata.AssemblyReferences)
        {
            references.Add(metadata.GetAssemblyReference(handle).GetAssemblyName());
        }

        return references;
    }

    /// <summary>Finds src/DeepgramOnPrem/bin/&lt;configuration&gt;/netstandard2.0 for this test build's configuration.</summary>
    private static string FindModuleBuildFolder()
    {
        // The test assembly is in tests/DeepgramOnPrem.Tests/bin/<configuration>/net10.0.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = output.Parent!.Name;
        for (DirectoryInfo? directory = output; directory != null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "src", "DeepgramOnPrem", "bin", configuration, "netstandard2.0");
            if (File.Exists(Path.Combine(candidate, "DeepgramOnPrem.dll")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"The module's {configuration} build was not found above {output.FullName}. Build the solution first.");
    }
}
