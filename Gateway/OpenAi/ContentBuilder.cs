using Antigravity.Gateway.Upstream;

namespace Antigravity.Gateway.OpenAi;

/// <summary>Builds Gemini <c>contents</c>: consecutive turns of one role are merged (Claude models require
/// alternating roles, and parallel tool results must share one turn), and empty turns are dropped.</summary>
internal sealed class ContentBuilder
{
    private readonly List<Content> _contents = [];

    public void Add(string role, IEnumerable<Part> parts)
    {
        foreach (var part in parts)
        {
            if (_contents is not [.., var last] || last.Role != role)
            {
                last = new Content { Role = role };
                _contents.Add(last);
            }
            last.Parts.Add(part);
        }
    }

    public List<Content> Build() => _contents;
}
