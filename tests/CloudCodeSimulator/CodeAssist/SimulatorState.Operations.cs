using System.Collections.Concurrent;
using Antigravity.CloudCodeSimulator.Accounts;

namespace Antigravity.CloudCodeSimulator;

public sealed partial class SimulatorState
{
    private readonly ConcurrentDictionary<string, Account> _operations = new(StringComparer.Ordinal);

    internal void RegisterOperation(string name, Account account) => _operations[name] = account;

    internal Account? FindOperation(string name) => _operations.GetValueOrDefault(name);
}
