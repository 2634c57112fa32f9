using Antigravity.ClusterState.Routing;
using Antigravity.WebUi.Components.Pages.Settings;

namespace Antigravity.WebUi.Tests.Components;

public sealed class SettingsFormTests
{
    [Fact]
    public void ToSettings_EditedForm_KeepsUnknownFieldsAndDropsIncompleteMappings()
    {
        var original = new GatewaySettings { MaxWaitBeforeErrorSeconds = 30, ModelMapping = new Dictionary<string, string> { ["a"] = "b" } };
        var form = SettingsForm.From(original);
        form.Strategy = SelectionStrategy.RoundRobin;
        form.Mapping.Add(new SettingsForm.MappingRow { From = " haiku ", To = " gemini-3-flash " });
        form.Mapping.Add(new SettingsForm.MappingRow { From = "half", To = "" });

        var saved = form.ToSettings(original);

        Assert.Equal(SelectionStrategy.RoundRobin, saved.Strategy);
        Assert.Equal(30, saved.MaxWaitBeforeErrorSeconds);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "b", ["haiku"] = "gemini-3-flash" }, saved.ModelMapping);
    }
}
