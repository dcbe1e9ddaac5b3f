using System.Collections.Frozen;

namespace Realtime.Grpc.Server;

/// <summary>The routing table: <c>/{package.Service}/{Method}</c> to its method, case-sensitive, frozen once built.</summary>
internal sealed class GrpcMethodTable
{
    private readonly FrozenDictionary<string, ServerMethod> _methods;
    private readonly FrozenSet<string> _services;

    public GrpcMethodTable(IEnumerable<GrpcServiceBuilder> services)
    {
        var methods = new Dictionary<string, ServerMethod>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (!names.Add(service.Descriptor.FullName))
            {
                throw new InvalidOperationException($"gRPC service {service.Descriptor.FullName} is registered twice.");
            }

            foreach (var method in service.Build())
            {
                methods.Add(method.Path, method);
            }
        }

        _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
        _services = names.ToFrozenSet(StringComparer.Ordinal);
    }

    public IEnumerable<string> ServiceNames => _services;

    public bool TryGet(string path, out ServerMethod method) => _methods.TryGetValue(path, out method!);

    /// <summary>Why a path has no method: the UNIMPLEMENTED message.</summary>
    public string DescribeMiss(string path)
    {
        var slash = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        if (path.Length < 4 || path[0] != '/' || slash < 2 || slash == path.Length - 1 || path.IndexOf('/', slash + 1) >= 0)
        {
            return $"Malformed method path '{path}': expected /package.Service/Method.";
        }

        var service = path[1..slash];
        return _services.Contains(service)
            ? $"Method is unimplemented: {service} has no method '{path[(slash + 1)..]}'."
            : $"Service is unimplemented: '{service}'.";
    }
}
