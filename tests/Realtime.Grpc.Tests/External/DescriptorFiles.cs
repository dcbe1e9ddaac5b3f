using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.External;

/// <summary>The test protos as a serialized FileDescriptorSet, for clients that build message classes at run time.</summary>
public static class DescriptorFiles
{
    public static string WriteDescriptorSet()
    {
        var set = new FileDescriptorSet();
        foreach (var file in new[] { HealthReflection.Descriptor, InteropReflection.Descriptor })
        {
            set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
        }

        var path = Path.Combine(Path.GetTempPath(), $"realtime-grpc-tests-{Guid.NewGuid():N}.pb");
        File.WriteAllBytes(path, set.ToByteArray());
        return path;
    }
}
