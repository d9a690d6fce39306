using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using DeepgramOnPrem.Api;

namespace DeepgramOnPrem
{
    /// <summary>
    /// Prepares Windows PowerShell 5.1 (.NET Framework) for the module. It resolves the module's
    /// own dependency assemblies, such as System.Text.Json and System.Memory, from the module's
    /// folder, and enables TLS 1.2. Without it, .NET Framework fails to load a dependency whose
    /// reference names an older version than the file in the folder, as these packages' references
    /// to each other do, because powershell.exe has no binding redirects for them. On PowerShell 7
    /// (.NET) it does nothing, because the runtime resolves them itself.
    /// </summary>
    // TODO: import the module in Windows PowerShell 5.1 on Windows and run the main job. Only the
    // resolver's decisions are unit-tested, because the project's machines run Linux.
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static ModuleDependencyResolver? _resolver;

        // Imports into several runspaces share the process-wide handler, so it is removed with the last one.
        private static int _imports;

        public void OnImport()
        {
            if (!ModuleDependencyResolver.IsNetFramework(RuntimeInformation.FrameworkDescription))
            {
                return;
            }

            lock (Gate)
            {
                if (_imports++ == 0)
                {
                    Assembly module = typeof(ModuleInitializer).Assembly;
                    _resolver = ModuleDependencyResolver.FromDirectory(Path.GetDirectoryName(module.Location)!, module.GetName().Name!);
                    AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                }
            }

            // Enabling TLS 1.2 loads System.Net.Http, so it runs after the handler is in place.
            HttpClientCache.EnableTls12();
        }

        public void OnRemove(PSModuleInfo module)
        {
            lock (Gate)
            {
                if (_imports > 0 && --_imports == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                    _resolver = null;
                }
            }
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            string? path = _resolver?.Resolve(args.Name);
            return path == null ? null : Assembly.LoadFrom(path);
        }
    }

    /// <summary>
    /// Decides which assembly load requests the module resolves: only those for an assembly file in the
    /// module's folder, other than the module itself, with the same public key token and a
    /// version at least the requested one. Everything else is left to the runtime.
    /// </summary>
    internal sealed class ModuleDependencyResolver
    {
        private readonly Dictionary<string, Candidate> _candidates;

        internal ModuleDependencyResolver(IEnumerable<KeyValuePair<string, AssemblyName>> assemblies)
        {
            _candidates = new Dictionary<string, Candidate>(StringComparer.OrdinalIgnoreCase);
            foreach (KeyValuePair<string, AssemblyName> assembly in assemblies)
            {
                if (assembly.Value.Name != null)
                {
                    _candidates[assembly.Value.Name] = new Candidate(assembly.Key, assembly.Value);
                }
            }
        }

        /// <summary>The simple names of the assemblies this resolver can load.</summary>
        public IEnumerable<string> AssemblyNames => _candidates.Keys;

        public static bool IsNetFramework(string frameworkDescription) =>
            frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>
        /// Reads the assembly name of every DLL in <paramref name="directory"/> except the module's
        /// own; files that are not .NET assemblies are skipped.
        /// </summary>
        public static ModuleDependencyResolver FromDirectory(string directory, string moduleAssemblyName)
        {
            var assemblies = new List<KeyValuePair<string, AssemblyName>>();
            foreach (string path in Directory.GetFiles(directory, "*.dll"))
            {
                AssemblyName name;
                try
                {
                    name = AssemblyName.GetAssemblyName(path);
                }
                catch (Exception ex) when (ex is BadImageFormatException || ex is FileLoadException || ex is IOException || ex is UnauthorizedAccessException)
                {
                    continue;
                }

                if (!string.Equals(name.Name, moduleAssemblyName, StringComparison.OrdinalIgnoreCase))
                {
                    assemblies.Add(new KeyValuePair<string, AssemblyName>(path, name));
                }
            }

            return new ModuleDependencyResolver(assemblies);
        }

        /// <summary>Returns the path of the module's copy of the requested assembly, or null to decline.</summary>
        public string? Resolve(string requestedFullName)
        {
            AssemblyName requested;
            try
            {
                requested = new AssemblyName(requestedFullName);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
            {
                return null;
            }

            if (requested.Name == null || !_candidates.TryGetValue(requested.Name, out Candidate? candidate))
            {
                return null;
            }

            // Satellite (resource) assemblies carry a culture; the module ships none.
            if (!string.IsNullOrEmpty(requested.CultureName))
            {
                return null;
            }

            if (!SameToken(requested.GetPublicKeyToken(), candidate.Name.GetPublicKeyToken()))
            {
                return null;
            }

            // A newer file serves an older request, as a binding redirect would. An older file never serves a newer request.
            if (requested.Version != null && candidate.Name.Version != null && candidate.Name.Version < requested.Version)
            {
                return null;
            }

            return candidate.Path;
        }

        private static bool SameToken(byte[]? left, byte[]? right)
        {
            int leftLength = left?.Length ?? 0;
            int rightLength = right?.Length ?? 0;
            if (leftLength != rightLength)
            {
                return false;
            }

            for (int i = 0; i < leftLength; i++)
            {
                if (left![i] != right![i])
                {
                    return false;
                }
            }

            return true;
        }

        private sealed class Candidate
        {
            public Candidate(string path, AssemblyName name)
            {
                Path = path;
                Name = name;
            }

            public string Path { get; }

            public AssemblyName Name { get; }
        }
    }
}
