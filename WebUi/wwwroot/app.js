// Copy-to-clipboard for the "shown once" API key (navigator.clipboard needs a secure context; fall back to a selection).
window.antigravity = {
    copy: async function (text) {
        try { await navigator.clipboard.writeText(text); return true; }
        catch {
            const area = document.createElement("textarea");
            area.value = text; document.body.appendChild(area); area.select();
            const ok = document.execCommand("copy"); area.remove(); return ok;
        }
    }
};
