using YamlDotNet.Core;

namespace NetAcademy.Content.Yaml;

/// <summary>YAML nested past <see cref="DepthLimitedParser.MaxDepth"/> levels.</summary>
internal sealed class NestingTooDeepException(Mark start, Mark end)
    : YamlException(start, end, $"The YAML is nested more than {DepthLimitedParser.MaxDepth} levels deep");
