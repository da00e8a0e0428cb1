namespace NetAcademy.Packets.Capture;

/// <summary>
/// Thrown when a capture file or stream is not valid pcap/pcapng: unknown magic, impossible block
/// or record lengths, or data that ends in the middle of a record.
/// </summary>
public sealed class CaptureFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CaptureFormatException(string message, long position)
        : base($"{message} (at byte {position})")
    {
        Position = position;
    }

    /// <summary>Creates the exception.</summary>
    public CaptureFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaptureFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CaptureFormatException()
    {
    }

    /// <summary>Byte offset in the capture where the problem was found, or -1 if unknown.</summary>
    public long Position { get; } = -1;
}
