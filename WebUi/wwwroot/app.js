// Copy-to-clipboard for the "shown once" API key (navigator.clipboard needs a secure context; fall back to a selection).
window.antigravity = {
    copy: async function (text) {
        try { await navigator.clipboard.writeText(text); return true; }
        catch {
            const area = document.createElement("textarea");
            area.value = text; document.body.appendChild(area); area.select();
            const ok = document.execCommand("copy"); area.remove(); return ok;
        }
    },
    // Saves a file the circuit streamed (DotNetStreamReference): the usage CSV export.
    download: async function (fileName, contentType, streamRef) {
        const buffer = await streamRef.arrayBuffer();
        const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
        const link = document.createElement("a");
        link.href = url; link.download = fileName; document.body.appendChild(link); link.click(); link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }
};
