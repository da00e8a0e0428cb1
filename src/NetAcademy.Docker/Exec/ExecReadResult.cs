namespace NetAcademy.Docker.Models;

/// <summary>One read from an exec's output.</summary>
/// <param name="Count">Bytes written into the caller's buffer; 0 at end of stream.</param>
/// <param name="Target">Stream the bytes belong to.</param>
/// <param name="Eof">True when the output has ended (the process closed its output or exited).</param>
public readonly record struct ExecReadResult(int Count, ExecStreamTarget Target, bool Eof);
