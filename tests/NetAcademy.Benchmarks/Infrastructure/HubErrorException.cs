namespace NetAcademy.Benchmarks.Infrastructure;

/// <summary>A hub method or stream ended with an error (a HubException's message), or the connection ended.</summary>
internal sealed class HubErrorException : Exception
{
    public HubErrorException(string message)
        : base(message)
    {
    }
}
