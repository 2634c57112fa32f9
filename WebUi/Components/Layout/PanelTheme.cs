using MudBlazor;

namespace Antigravity.WebUi.Components.Layout;

internal static class PanelTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", AppbarBackground = "#283593" },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
