using System.Net.Sockets;

namespace NetAcademy.Docker.Transport;

/// <summary>
/// A connection the daemon has switched to a raw stream, plus the bytes already read past the
/// response headers (they belong to the stream).
/// </summary>
internal sealed record HijackedConnection(Socket Socket, NetworkStream Stream, ReadOnlyMemory<byte> Leftover);
