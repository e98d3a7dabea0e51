// nbkit's guard (nbkit/widgets/guard.py): kit controls never look live when nothing saves them.
// A widget keeps its last look after its kernel restarts, stops or dies, and typing into it goes
// nowhere; a notebook reopened before Run All has no live widgets at all. Here every widget
// output of a kit notebook is made read-only, with one plain sentence, the moment that happens.
(() => {
  const MESSAGE =
    "The lesson stopped. Run all cells to continue: your saved answers come back.";
  const STOPPED = new Set(["restarting", "autorestarting", "dead", "terminating"]);
  const state = (window.__nbkitGuard = window.__nbkitGuard || { hooked: new WeakSet() });

  if (!document.getElementById("nbkit-guard-style")) {
    const style = document.createElement("style");
    style.id = "nbkit-guard-style";
    style.textContent = `
      .nbkit-stopped .jupyter-widgets { opacity: 0.6; }
      .nbkit-stopped .nbkit-saved,
      .nbkit-stopped .jupyter-widgets-disconnected::before { display: none; }
      .nbkit-stopped-note { color: #6b3a00; background: #fff4e5; border-left: 4px solid #b35900;
        padding: 4px 8px; margin: 4px 0; font-weight: bold; }`;
    document.head.appendChild(style);
  }

  const note = () => {
    const div = document.createElement("div");
    div.className = "nbkit-stopped-note";
    div.setAttribute("role", "status");
    div.textContent = MESSAGE;
    return div;
  };

  // Only notebooks that opened a kit section (they hold a .nbkit-guard output) are touched.
  const isKit = (root) => root.querySelector(".nbkit-guard") !== null;

  function lock(root) {
    if (!isKit(root)) return;
    for (const out of root.querySelectorAll(".jp-OutputArea-output")) {
      if (out.classList.contains("nbkit-stopped") || !out.querySelector(".jupyter-widgets")) {
        continue;
      }
      out.classList.add("nbkit-stopped");
      out.setAttribute("aria-disabled", "true");
      for (const el of out.querySelectorAll("input, textarea, select, button")) {
        el.disabled = true;
      }
      out.prepend(note());
    }
  }

  // Reopened before Run All (widget state is not saved): ipywidgets writes "Error displaying
  // widget: model not found" where each control was; say what to do instead.
  function explainMissing(root) {
    if (!isKit(root)) return;
    for (const out of root.querySelectorAll(".jp-OutputArea-output.jupyter-widgets")) {
      if (out.classList.contains("nbkit-stopped")) continue;
      if (!out.textContent.startsWith("Error displaying widget")) continue;
      out.classList.add("nbkit-stopped");
      out.textContent = "";
      out.appendChild(note());
    }
  }

  function watch(root) {
    if (state.hooked.has(root)) return;
    state.hooked.add(root);
    let queued = false;
    new MutationObserver((records) => {
      // A restart marks every widget view disconnected: the one signal ipywidgets gives.
      if (records.some((r) => r.target.classList?.contains("jupyter-widgets-disconnected"))) {
        lock(root);
      }
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        explainMissing(root);
      });
    }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
    explainMissing(root);
  }

  function hook(panel) {
    const session = panel.sessionContext;
    if (!session || state.hooked.has(panel)) return;
    state.hooked.add(panel);
    const stop = () => lock(panel.node);
    session.statusChanged.connect((_, status) => STOPPED.has(status) && stop());
    session.kernelChanged.connect((_, change) => change.oldValue && stop());
    session.connectionStatusChanged.connect((_, status) => status === "disconnected" && stop());
    watch(panel.node);
  }

  const here = document.currentScript;
  const attach = (tries) => {
    const app = window.jupyterapp;
    if (app) {
      for (const widget of app.shell.widgets("main")) hook(widget);
    }
    const root = here && here.closest(".jp-NotebookPanel, .jp-Notebook, body");
    if (root && root !== document.body) {
      watch(root);
    } else if (tries > 0) {
      requestAnimationFrame(() => attach(tries - 1)); // the output is not in the page yet
    }
  };
  attach(600);
})();
